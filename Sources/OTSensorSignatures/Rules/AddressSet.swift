/// A rule's address group (`[10.0.0.0/8,!10.1.0.0/16]`, `!$HOME_NET`, `any`)
/// reduced to sorted, disjoint ranges per family, so negations and nested
/// groups cost nothing when a packet is matched.
public struct AddressSet: Sendable, Equatable {
    var v4: [ClosedRange<UInt128>]
    var v6: [ClosedRange<UInt128>]

    static let v4Max = UInt128(UInt32.max)
    static let any = AddressSet(v4: [0...v4Max], v6: [0...UInt128.max])
    static let none = AddressSet(v4: [], v6: [])

    public func contains(_ ip: RuleIP) -> Bool {
        let ranges = ip.isV6 ? v6 : v4
        for range in ranges where range.contains(ip.value) { return true }
        return false
    }

    var isAny: Bool { self == .any }

    func union(_ other: AddressSet) -> AddressSet {
        AddressSet(v4: RangeAlgebra.normalize(v4 + other.v4), v6: RangeAlgebra.normalize(v6 + other.v6))
    }

    func subtracting(_ other: AddressSet) -> AddressSet {
        AddressSet(v4: RangeAlgebra.subtract(v4, other.v4), v6: RangeAlgebra.subtract(v6, other.v6))
    }

    var complement: AddressSet { AddressSet.any.subtracting(self) }
}

/// Union and difference of sorted closed ranges, shared by addresses and ports.
enum RangeAlgebra {
    static func normalize<T: FixedWidthInteger>(_ ranges: [ClosedRange<T>]) -> [ClosedRange<T>] {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var out: [ClosedRange<T>] = []
        for r in sorted {
            if let last = out.last, last.upperBound == T.max || r.lowerBound <= last.upperBound + 1 {
                out[out.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    static func subtract<T: FixedWidthInteger>(_ a: [ClosedRange<T>], _ b: [ClosedRange<T>]) -> [ClosedRange<T>] {
        var result = normalize(a)
        for cut in normalize(b) {
            var next: [ClosedRange<T>] = []
            for r in result {
                if cut.upperBound < r.lowerBound || cut.lowerBound > r.upperBound {
                    next.append(r)
                    continue
                }
                if cut.lowerBound > r.lowerBound { next.append(r.lowerBound...(cut.lowerBound - 1)) }
                if cut.upperBound < r.upperBound { next.append((cut.upperBound + 1)...r.upperBound) }
            }
            result = next
        }
        return result
    }
}
