/// Application protocols an analyzer confirmed on a connection: conn.log's
/// `service`, with Zeek's names.
public enum Service: UInt8, CaseIterable, Sendable {
    case ayiya, geneve, gtpv1, teredo, vxlan
    case dhcp
    case dns
    case spicySSDP
    case spicyCCLinkIEFieldBasic
    case isoCOTP
    case s7comm
    case http

    public var name: String {
        switch self {
        case .ayiya: "ayiya"
        case .geneve: "geneve"
        case .gtpv1: "gtpv1"
        case .teredo: "teredo"
        case .vxlan: "vxlan"
        case .dhcp: "dhcp"
        case .dns: "dns"
        case .spicySSDP: "spicy_ssdp"
        case .spicyCCLinkIEFieldBasic: "spicy_cclink_ie_field_basic"
        case .isoCOTP: "iso_cotp"
        case .s7comm: "s7comm"
        case .http: "http"
        }
    }
}

/// A set of services as a bit mask; listed in name order so output is stable.
public struct ServiceSet: Sendable, Equatable {
    public private(set) var bits: UInt64 = 0

    public init() {}

    public mutating func insert(_ service: Service) { bits |= 1 << UInt64(service.rawValue) }

    public mutating func formUnion(_ other: ServiceSet) { bits |= other.bits }

    public mutating func subtract(_ other: ServiceSet) { bits &= ~other.bits }

    public var isEmpty: Bool { bits == 0 }

    /// The names, sorted, for conn.log's comma-separated `service` column.
    public var names: [String] {
        Service.allCases.filter { bits & (1 << UInt64($0.rawValue)) != 0 }.map(\.name).sorted()
    }
}
