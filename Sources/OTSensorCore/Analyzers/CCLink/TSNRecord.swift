/// What one CC-Link IE TSN frame contributes to cclink-ie-tsn.log (LOGS.md
/// appendix D), except the MAC addresses: wire values, rendered at emission.
struct TSNRecord: Hashable, Sendable {
    var service: TSNService
    var pdu: TSNPDU
    /// The station kind 0–4 (`master station` … `sub-master station`); the high bit is dropped.
    var nodeType: UInt8?
    /// A device type code the table knows (unknown codes leave the column unset).
    var deviceType: UInt16?
    /// acyclicDetectionAck only: byte 174 (bit 7 dropped) << 8 | byte 182.
    var functionBits: UInt16?

    init(service: TSNService = .tsn, pdu: TSNPDU) {
        self.service = service
        self.pdu = pdu
    }
}

enum TSNService: Hashable, Sendable {
    case tsn
    /// testData/testDataAck with protocolVerType 0x03.
    case tsnAndField

    var name: String { self == .tsn ? "cclink_ie_tsn" : "cclink_ie_tsn&field" }
}

enum TSNPDU: Hashable, Sendable {
    case cyclicM, cyclicS, acyclicPriority, acyclicData
    case detection(version: UInt8)
    case detectionAck(version: UInt8)
    case testData, testDataAck

    /// `flame_type` (sic).
    var flameType: String {
        switch self {
        case .cyclicM, .cyclicS: "cyclic"
        default: "acyclic"
        }
    }

    var name: String {
        switch self {
        case .cyclicM: "cyclicM/cyclicMs"
        case .cyclicS: "cyclicS/cyclicSs"
        case .acyclicPriority: "acyclicPriority"
        case .acyclicData: "acyclicData"
        case .detection(let version): version == 0 ? "acyclicDetection Ver.0" : "acyclicDetection Ver.1"
        case .detectionAck(let version): version == 0 ? "acyclicDetectionAck Ver.0" : "acyclicDetectionAck Ver.1"
        case .testData: "acyclicTestData"
        case .testDataAck: "acyclicTestDataAck"
        }
    }
}

/// The text tables of appendix D.
enum TSNNames {
    static func nodeType(_ kind: UInt8) -> String {
        ["master station", "slave station", "managed switch", "use prohibited", "sub-master station"][Int(kind)]
    }

    /// The station kind of a nodeType byte (0x00–0x04 and 0x80–0x84), else nil.
    static func nodeKind(_ byte: UInt8) -> UInt8? {
        let kind = byte & 0x7F
        return kind <= 4 ? kind : nil
    }

    /// Letters for the set bits, byte 174 then byte 182, high bit first.
    static func appendFunctionName(_ bits: UInt16, to out: inout [UInt8]) {
        for (bit, letter) in functionLetters where bits & bit != 0 { out.append(letter) }
    }

    private static let functionLetters: [(UInt16, UInt8)] = [
        (0x4000, UInt8(ascii: "s")), (0x2000, UInt8(ascii: "r")), (0x1000, UInt8(ascii: "S")),
        (0x0800, UInt8(ascii: "b")), (0x0400, UInt8(ascii: "w")), (0x0200, UInt8(ascii: "c")),
        (0x0100, UInt8(ascii: "l")),
        (0x0080, UInt8(ascii: "v")), (0x0040, UInt8(ascii: "t")), (0x0020, UInt8(ascii: "p")),
        (0x0010, UInt8(ascii: "d")), (0x0008, UInt8(ascii: "i")), (0x0004, UInt8(ascii: "I")),
        (0x0002, UInt8(ascii: "m")), (0x0001, UInt8(ascii: "R")),
    ]

    static let deviceTypes: [UInt16: String] = [
        0x0000: "not applicable", 0x0001: "PLC", 0x0002: "personal computer", 0x0003: "digital I/O",
        0x0004: "analog I/O", 0x0005: "positioning controller", 0x0006: "temperature controller",
        0x0007: "HMI", 0x0008: "ID", 0x0009: "serial conversion module", 0x001D: "cc-link to cc-link/LT bridge",
        0x001F: "service converter module", 0x0020: "inverter", 0x0021: "servo", 0x0022: "CNC",
        0x0023: "robot", 0x0024: "power distribution control device", 0x0030: "sensor", 0x0031: "actuator",
        0x0032: "barcode reader", 0x0033: "indicator (weight)", 0x0034: "high-speed counter",
        0x0035: "switch", 0x0036: "service analyzer", 0x0037: "space transmission module",
        0x0038: "transport control module", 0x0039: "power supply control module",
        0x003B: "gas detectorr", 0x003C: "solenoid valve", 0x003D: "robot (general-purpose)",
        0x003E: "printer control module", 0x003F: "motor control module", 0x0040: "vacuum pump",
        0x0041: "multi-axis controller", 0x0042: "general-purpose VME board",
        0x0043: "mass flow power supply module", 0x0044: "mass flow controller",
        0x0045: "received power distribution device", 0x0046: "control center",
        0x0047: "welding control module", 0x0048: "indicator (general-purpose)",
        0x0049: "PID control module", 0x004A: "vacuum meter", 0x004B: "wireless module",
        0x004C: "digital/analog I/O", 0x004D: "vacuum valve", 0x004E: "tension controller",
        0x004F: "measuring machiner", 0x007F: "generic Device",
    ]
}
