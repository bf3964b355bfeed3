import Foundation

/// An application protocol as conn.log's `service` names it ("http", "ssl",
/// "spicy_ssdp"): an open-ended name declared by the analyzer that confirms it.
///
/// A name is interned once, when an analyzer's static declaration is first
/// read, into a small process-wide table; a connection then records services
/// as 16-bit ids, so confirming one on the per-packet path neither hashes nor
/// allocates.
public struct Service: Hashable, Sendable, CustomStringConvertible {
    let id: UInt16

    /// The service called `name` (lower-cased, as Zeek's conn.log prints it).
    public init(_ name: String) { id = ServiceNames.shared.intern(name.lowercased()) }

    init(id: UInt16) { self.id = id }

    public var name: String { ServiceNames.shared.name(of: id) }

    public var description: String { name }
}

/// The interned service names; ids start at 1 so that 0 marks a free slot in
/// `ServiceList`.
final class ServiceNames: @unchecked Sendable {
    static let shared = ServiceNames()

    private let lock = NSLock()
    private var names: [String] = [""]
    private var ids: [String: UInt16] = [:]

    func intern(_ name: String) -> UInt16 {
        lock.lock()
        defer { lock.unlock() }
        if let id = ids[name] { return id }
        precondition(names.count < Int(UInt16.max), "too many service names")
        let id = UInt16(names.count)
        names.append(name)
        ids[name] = id
        return id
    }

    func name(of id: UInt16) -> String {
        lock.lock()
        defer { lock.unlock() }
        return names[Int(id)]
    }
}

/// The services of one connection in the order they were confirmed: Zeek's
/// `c$service` is an ordered set, so a connection on which HTTP confirmed
/// before TLS logs `http,ssl`. Four ids in one word: Zeek's baselines never
/// show more than three, and a fifth is dropped rather than allocating.
public struct ServiceList: Sendable, Equatable {
    private var slots: UInt64 = 0

    public init() {}

    public var isEmpty: Bool { slots == 0 }

    public func contains(_ service: Service) -> Bool { index(of: service) != nil }

    /// Appends `service` unless it is already listed.
    public mutating func insert(_ service: Service) {
        guard index(of: service) == nil else { return }
        for i in 0..<4 where id(at: i) == 0 {
            slots |= UInt64(service.id) << UInt64(16 * i)
            return
        }
    }

    /// Appends the services of `other` not listed yet, in their order.
    public mutating func formUnion(_ other: ServiceList) {
        for i in 0..<4 where other.id(at: i) != 0 { insert(Service(id: other.id(at: i))) }
    }

    /// Removes the services of `other`.
    public mutating func subtract(_ other: ServiceList) {
        for i in 0..<4 where other.id(at: i) != 0 { remove(Service(id: other.id(at: i))) }
    }

    /// Removes `service`, keeping the others in their order.
    public mutating func remove(_ service: Service) {
        guard let i = index(of: service) else { return }
        let below = slots & ((1 << UInt64(16 * i)) - 1)
        let above = i == 3 ? 0 : slots >> UInt64(16 * (i + 1))
        slots = below | above << UInt64(16 * i)
    }

    /// The names in confirmation order, for conn.log's comma-separated `service`.
    public var names: [String] {
        (0..<4).map(id(at:)).filter { $0 != 0 }.map(ServiceNames.shared.name(of:))
    }

    private func id(at i: Int) -> UInt16 { UInt16(truncatingIfNeeded: slots >> UInt64(16 * i)) }

    private func index(of service: Service) -> Int? {
        for i in 0..<4 where id(at: i) == service.id { return i }
        return nil
    }
}
