/// `pdu_type` names of the Field/Control frame types (LOGS.md §6.14).
enum IEFrameNames {
    static func pduType(_ frameType: UInt8) -> String {
        names[frameType] ?? "unknown"
    }

    private static let names: [UInt8: String] = [
        0x00: "connect", 0x01: "connectAck", 0x02: "scan", 0x03: "collect", 0x04: "select", 0x05: "launch",
        0x06: "token", 0x10: "persuasion", 0x11: "testData", 0x12: "testDataAck", 0x13: "setup",
        0x14: "setupAck", 0x15: "tokenM", 0x1C: "timer", 0x20: "myStatus", 0x22: "transient1",
        0x23: "transientAck", 0x24: "dummy", 0x25: "transient2", 0x26: "ipTransient", 0x28: "paramCheck",
        0x29: "parameter", 0x2F: "nTNTest", 0x40: "measure", 0x41: "measureAck", 0x42: "offset",
        0x43: "update", 0x80: "cyclicDataW", 0x81: "cyclicDataB", 0x82: "cyclicDataRWw", 0x83: "cyclicDataRY",
        0x84: "cyclicDataRWr", 0x85: "cyclicDataRX", 0x8C: "cyclicDataOut1", 0x8D: "cyclicDataOut2",
        0x8E: "cyclicDataIn1", 0x8F: "cyclicDataIn2",
    ]
}
