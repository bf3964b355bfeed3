/// Suricata's signature group heads (detect-engine-build.c, RulesGroupByPorts):
/// the rules split by IP protocol and flow direction, and for TCP and UDP by
/// the server's port (the destination port to the server, the source port to
/// the client), so a packet only meets the rules whose header can hold.
/// Each distinct set of rules is one `RuleGroup` with its own prefilter.
struct RuleGroups: Sendable {
    let groups: [RuleGroup]
    /// By `slot(ipProtocol) * 2 + (toServer ? 1 : 0)`.
    let maps: [PortMap]

    /// The protocols with groups of their own; the last, 0, is every other.
    static let protocols: [UInt8] = [6, 17, 1, 58, 0]

    /// Suricata's default `detect.grouping` limits (profile medium) and
    /// whitelisted ports: beyond the limit, the least used port groups are
    /// merged into one, which keeps the number of matchers bounded.
    static let toServerLimit = 40, toClientLimit = 20
    static let whitelist: [UInt8: [UInt16]] = [
        6: [53, 80, 139, 443, 445, 1433, 3306, 3389, 6666, 6667, 8080], 17: [53, 135, 5060],
    ]

    init(_ signatures: [Signature], fastPatterns: [FastPattern?]) {
        var unique: [[Int32]: Int32] = [:]
        var lists: [[Int32]] = []
        var maps: [PortMap] = []
        for proto in Self.protocols {
            for toServer in [false, true] {
                let (starts, everywhere, extras) = Self.portLists(signatures, proto: proto, toServer: toServer)
                let limited = Self.limited(extras, starts: starts, proto: proto, hasEverywhere: !everywhere.isEmpty,
                                           limit: toServer ? Self.toServerLimit : Self.toClientLimit)
                // Intervals are told apart by their port-bound rules (short
                // lists); only a distinct one is merged with the rules on
                // every port (ET Open: thousands) into a group's list.
                var byExtra: [[Int32]: Int32] = [:]
                let ids = limited.map { extra -> Int32 in
                    if let id = byExtra[extra] { return id }
                    let list = Self.merge(everywhere, extra)
                    var id: Int32 = -1
                    if !list.isEmpty {
                        id = unique[list] ?? Int32(lists.count)
                        if id == lists.count {
                            lists.append(list)
                            unique[list] = id
                        }
                    }
                    byExtra[extra] = id
                    return id
                }
                maps.append(PortMap(starts: starts, groups: ids))
            }
        }
        let table = FastPatternTable(fastPatterns)
        var matchers: [[Int32]: PatternMatcher] = [:]
        groups = lists.map { RuleGroup(members: $0, table: table, matchers: &matchers) }
        self.maps = maps
    }

    /// The group of a packet, or nil when no rule can apply to it.
    func group(ipProtocol: UInt8, toServer: Bool, sourcePort: UInt16, destinationPort: UInt16) -> RuleGroup? {
        let slot = Self.protocols.firstIndex(of: ipProtocol) ?? Self.protocols.count - 1
        let id = maps[slot * 2 + (toServer ? 1 : 0)].group(toServer ? destinationPort : sourcePort)
        return id < 0 ? nil : groups[Int(id)]
    }

    /// The port intervals of one protocol and direction, the rules on every
    /// port and, per interval, the other rules (in order) whose port can be in it. A rule's ports are the server side's
    /// (destination ports to the server, source ports to the client), both
    /// sides for `<>` rules; a rule for the other flow direction is left out.
    private static func portLists(_ signatures: [Signature], proto: UInt8,
                                  toServer: Bool) -> (starts: [UInt16], everywhere: [Int32], extras: [[Int32]]) {
        let ported = proto == 6 || proto == 17
        var everywhere: [Int32] = []
        var specific: [(index: Int32, ranges: [ClosedRange<UInt16>])] = []
        var bounds: Set<UInt16> = [0]
        for (i, s) in signatures.enumerated() where s.proto.admits(ipProtocol: proto == 0 ? 255 : proto) {
            if let direction = s.flow.toServer, direction != toServer { continue }
            let ports = ported ? serverPorts(s, toServer: toServer) : [0...UInt16.max]
            if ports == [0...UInt16.max] {
                everywhere.append(Int32(i))
                continue
            }
            specific.append((Int32(i), ports))
            for r in ports {
                bounds.insert(r.lowerBound)
                if r.upperBound < UInt16.max { bounds.insert(r.upperBound + 1) }
            }
        }
        let starts = bounds.sorted()
        var extra = [[Int32]](repeating: [], count: starts.count)
        for (index, ranges) in specific {
            for r in ranges {
                var at = PortMap.interval(of: r.lowerBound, in: starts)
                while at < starts.count && starts[at] <= r.upperBound {
                    extra[at].append(index)
                    at += 1
                }
            }
        }
        return (starts, everywhere, extra)
    }

    /// A rule's ports on the server side, as sorted disjoint ranges.
    private static func serverPorts(_ s: Signature, toServer: Bool) -> [ClosedRange<UInt16>] {
        var ranges = toServer ? s.destinationPorts.ranges : s.sourcePorts.ranges
        if s.bidirectional { ranges += toServer ? s.sourcePorts.ranges : s.destinationPorts.ranges }
        var merged: [ClosedRange<UInt16>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, Int(r.lowerBound) <= Int(last.upperBound) + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        return merged
    }

    /// Two ascending index lists as one.
    private static func merge(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        guard !b.isEmpty else { return a }
        var out: [Int32] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j >= b.count || i < a.count && a[i] < b[j] {
                out.append(a[i])
                i += 1
            } else {
                out.append(b[j])
                j += 1
            }
        }
        return out
    }

    /// As CreateGroupedPortList: when the intervals have more distinct rule
    /// lists than `limit`, the lists covering a whitelisted port, then the
    /// longest, keep their own group and the rest share one (their union).
    /// Lists are told apart by their port-bound rules (`extras`); an interval
    /// without any rule (no extras, nothing `hasEverywhere`) has no group.
    private static func limited(_ extras: [[Int32]], starts: [UInt16], proto: UInt8, hasEverywhere: Bool,
                                limit: Int) -> [[Int32]] {
        var distinct: [[Int32]: (whitelisted: Bool, first: Int)] = [:]
        let whitelist = Self.whitelist[proto] ?? []
        for (i, list) in extras.enumerated() where hasEverywhere || !list.isEmpty {
            let end = i + 1 < starts.count ? Int(starts[i + 1]) : 65536
            let listed = whitelist.contains { Int($0) >= Int(starts[i]) && Int($0) < end }
            let old = distinct[list]
            distinct[list] = ((old?.whitelisted ?? false) || listed, old?.first ?? i)
        }
        guard distinct.count > limit else { return extras }
        let ranked = distinct.sorted { a, b in
            if a.value.whitelisted != b.value.whitelisted { return a.value.whitelisted }
            if a.key.count != b.key.count { return a.key.count > b.key.count }
            return a.value.first < b.value.first
        }
        let kept = Set(ranked.prefix(limit - 1).map(\.key))
        let rest = ranked.dropFirst(limit - 1).reduce(into: Set<Int32>()) { $0.formUnion($1.key) }.sorted()
        return extras.map { !hasEverywhere && $0.isEmpty || kept.contains($0) ? $0 : rest }
    }
}

/// Port intervals of one protocol and direction, each with its group.
struct PortMap: Sendable {
    /// Where each interval starts, ascending; the first is 0.
    let starts: [UInt16]
    /// The group of each interval, -1 for none.
    let groups: [Int32]

    func group(_ port: UInt16) -> Int32 {
        groups[Self.interval(of: port, in: starts)]
    }

    /// The interval holding `port`: the last start at or below it.
    static func interval(of port: UInt16, in starts: [UInt16]) -> Int {
        var low = 0, high = starts.count
        while high - low > 1 {
            let mid = (low + high) / 2
            if starts[mid] <= port { low = mid } else { high = mid }
        }
        return low
    }
}
