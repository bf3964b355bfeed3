import Foundation

/// Parses the address and port fields of a rule header, resolving variables.
struct GroupParser {
    let variables: RuleVariables
    /// Variables nest (`EXTERNAL_NET` → `HOME_NET`); a cycle must not hang.
    static let maximumDepth = 16
    /// Rule sets repeat a few header fields (`$HOME_NET`, `any`) thousands of times.
    private let memo = Memo()

    private final class Memo {
        var addresses: [String: AddressSet] = [:]
        var ports: [String: PortSet] = [:]
    }

    init(variables: RuleVariables) { self.variables = variables }

    /// A header field's addresses, parsed once per distinct text.
    func headerAddresses(_ text: String) throws(RuleError) -> AddressSet {
        if let known = memo.addresses[text] { return known }
        let parsed = try addresses(text)
        memo.addresses[text] = parsed
        return parsed
    }

    /// A header field's ports, parsed once per distinct text.
    func headerPorts(_ text: String) throws(RuleError) -> PortSet {
        if let known = memo.ports[text] { return known }
        let parsed = try ports(text)
        memo.ports[text] = parsed
        return parsed
    }

    func addresses(_ text: String, depth: Int = 0) throws(RuleError) -> AddressSet {
        guard depth < Self.maximumDepth else { throw RuleError("address variables nest too deep") }
        let text = text.trimmingSpaces
        if text.hasPrefix("!") { return try addresses(String(text.dropFirst()), depth: depth + 1).complement }
        if text == "any" { return .any }
        if text.hasPrefix("$") {
            let name = String(text.dropFirst())
            guard let value = variables.addressGroups[name] else { throw RuleError("unknown address variable $\(name)") }
            return try addresses(value, depth: depth + 1)
        }
        if text.hasPrefix("[") {
            guard text.hasSuffix("]") else { throw RuleError("unterminated address list \(text)") }
            var include = AddressSet.none, exclude = AddressSet.none, positives = 0
            for item in try Self.splitList(String(text.dropFirst().dropLast())) {
                if item.hasPrefix("!") {
                    exclude = exclude.union(try addresses(String(item.dropFirst()), depth: depth + 1))
                } else {
                    include = include.union(try addresses(item, depth: depth + 1))
                    positives += 1
                }
            }
            return (positives == 0 ? .any : include).subtracting(exclude)
        }
        return try Self.cidr(text)
    }

    func ports(_ text: String, depth: Int = 0) throws(RuleError) -> PortSet {
        guard depth < Self.maximumDepth else { throw RuleError("port variables nest too deep") }
        let text = text.trimmingSpaces
        if text.hasPrefix("!") {
            let inner = try ports(String(text.dropFirst()), depth: depth + 1)
            return PortSet(ranges: RangeAlgebra.subtract(PortSet.any.ranges, inner.ranges))
        }
        if text == "any" { return .any }
        if text.hasPrefix("$") {
            let name = String(text.dropFirst())
            guard let value = variables.portGroups[name] else { throw RuleError("unknown port variable $\(name)") }
            return try ports(value, depth: depth + 1)
        }
        if text.hasPrefix("[") {
            guard text.hasSuffix("]") else { throw RuleError("unterminated port list \(text)") }
            var include: [ClosedRange<UInt16>] = [], exclude: [ClosedRange<UInt16>] = [], positives = 0
            for item in try Self.splitList(String(text.dropFirst().dropLast())) {
                if item.hasPrefix("!") {
                    exclude += try ports(String(item.dropFirst()), depth: depth + 1).ranges
                } else {
                    include += try ports(item, depth: depth + 1).ranges
                    positives += 1
                }
            }
            return PortSet(ranges: RangeAlgebra.subtract(positives == 0 ? PortSet.any.ranges : include, exclude))
        }
        if let colon = text.firstIndex(of: ":") {
            let low = text[..<colon].isEmpty ? 0 : try Self.port(String(text[..<colon]))
            let highText = text[text.index(after: colon)...]
            let high = highText.isEmpty ? UInt16.max : try Self.port(String(highText))
            guard low <= high else { throw RuleError("port range \(text) runs backwards") }
            return PortSet(ranges: [low...high])
        }
        let p = try Self.port(text)
        return PortSet(ranges: [p...p])
    }

    static func port(_ text: String) throws(RuleError) -> UInt16 {
        guard let value = Int(text.trimmingSpaces), (0...65535).contains(value) else {
            throw RuleError("port \(text) out of range")
        }
        return UInt16(value)
    }

    /// Splits a bracketed list at the commas of its own level.
    static func splitList(_ text: String) throws(RuleError) -> [String] {
        var items: [String] = [], current = "", level = 0
        for ch in text {
            if ch == "[" { level += 1 }
            if ch == "]" { level -= 1 }
            if level < 0 { throw RuleError("unbalanced brackets in [\(text)]") }
            if ch == ",", level == 0 {
                items.append(current.trimmingSpaces)
                current = ""
            } else {
                current.append(ch)
            }
        }
        guard level == 0 else { throw RuleError("unbalanced brackets in [\(text)]") }
        items.append(current.trimmingSpaces)
        guard !items.contains(where: \.isEmpty) else { throw RuleError("empty item in [\(text)]") }
        return items
    }

    /// `a.b.c.d`, `a.b.c.d/n`, an IPv6 address with optional `/n`, or a
    /// `low-high` range is not Suricata syntax here; those three only.
    static func cidr(_ text: String) throws(RuleError) -> AddressSet {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let host = String(parts[0])
        if let v4 = parseIPv4(host) {
            var bits = 32
            if parts.count == 2 {
                if let n = Int(parts[1]), (0...32).contains(n) {
                    bits = n
                } else if let mask = parseIPv4(String(parts[1])) {
                    bits = mask.nonzeroBitCount
                } else {
                    throw RuleError("bad netmask in \(text)")
                }
            }
            let hostBits = 32 - bits
            let low = (UInt128(v4) >> hostBits) << hostBits
            let high = low | ((UInt128(1) << hostBits) - 1)
            return AddressSet(v4: [low...high], v6: [])
        }
        if let v6 = parseIPv6(host) {
            var bits = 128
            if parts.count == 2 {
                guard let n = Int(parts[1]), (0...128).contains(n) else { throw RuleError("bad prefix in \(text)") }
                bits = n
            }
            let hostBits = 128 - bits
            let low = hostBits == 128 ? 0 : (v6 >> hostBits) << hostBits
            let high = hostBits == 128 ? UInt128.max : low | ((UInt128(1) << hostBits) - 1)
            return AddressSet(v4: [], v6: [low...high])
        }
        throw RuleError("bad address \(text)")
    }

    static func parseIPv4(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for o in octets {
            guard o.count <= 3, let n = UInt8(o) else { return nil }
            value = value << 8 | UInt32(n)
        }
        return value
    }

    static func parseIPv6(_ text: String) -> UInt128? {
        guard text.contains(":") else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ s: String) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            for g in s.split(separator: ":", omittingEmptySubsequences: false) {
                guard g.count <= 4, let v = UInt16(g, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }
}
