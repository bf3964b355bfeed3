@testable import OTSensorSignatures
import XCTest

/// Runs rules over hand-made packets: the sids that alert, in order.
struct RuleHarness {
    let rules: RuleSet
    let engine: SignatureEngine
    var flow = SignatureFlowState()

    init(_ text: String, variables: RuleVariables = .defaults, file: StaticString = #filePath, line: UInt = #line) {
        rules = RuleSet.parse(text, variables: variables)
        XCTAssertEqual(rules.report.malformed, [], file: file, line: line)
        XCTAssertEqual(rules.report.unsupported, [:], file: file, line: line)
        engine = SignatureEngine(rules: rules)
    }

    /// A TCP packet 192.168.1.10:40000 → 10.0.0.1:80 (or back) with `payload`.
    mutating func sids(_ payload: [UInt8], toServer: Bool = true, established: Bool = true, first: Bool = false,
                       ipProtocol: UInt8 = 6, appProto: String? = nil,
                       appBuffers: [(String, [UInt8])] = [], transaction: Bool = false,
                       time: Int64 = 0, stream: [[UInt8]] = [], streamAdded: Bool = false,
                       pseudo: Bool = false) -> [UInt32] {
        let client = RuleIP(v4: 0xC0A8_010A), server = RuleIP(v4: 0x0A00_0001)
        return payload.withUnsafeBytes { bytes in
            var packet = SignaturePacket(timeNanoseconds: time, source: toServer ? client : server,
                                         destination: toServer ? server : client,
                                         sourcePort: toServer ? 40000 : 80, destinationPort: toServer ? 80 : 40000,
                                         ipProtocol: ipProtocol, payload: bytes, toServer: toServer,
                                         flowEstablished: established, firstInDirection: first)
            packet.appProto = appProto
            packet.isTransaction = transaction
            packet.streamAdded = streamAdded
            packet.isPseudo = pseudo
            let storage = appBuffers.map { name, bytes in (name, Self.copy(bytes)) }
            let blocks = stream.map(Self.copy)
            defer {
                storage.forEach { $0.1.deallocate() }
                blocks.forEach { $0.deallocate() }
            }
            packet.appBuffers = storage.map { (name: $0.0, bytes: UnsafeRawBufferPointer($0.1)) }
            packet.stream = blocks.map { UnsafeRawBufferPointer($0) }
            return engine.inspect(packet, flow: &flow).map { rules.signatures[$0].sid }
        }
    }

    private static func copy(_ bytes: [UInt8]) -> UnsafeMutableRawBufferPointer {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        copy.copyBytes(from: bytes)
        return copy
    }

    mutating func sids(_ text: String, toServer: Bool = true, established: Bool = true) -> [UInt32] {
        sids(Array(text.utf8), toServer: toServer, established: established)
    }
}

/// A rule alerting on anything, wrapped around `options`.
func rule(_ sid: Int, _ options: String, proto: String = "tcp") -> String {
    "alert \(proto) any any -> any any (msg:\"test \(sid)\"; \(options) sid:\(sid); rev:1;)"
}
