import CaptureGenerator
@testable import OTSensorCore
import XCTest

/// Hostile bytes fed straight to the analyzer: never a crash or a hang, and
/// every truncated PDU is either a row or a counted anomaly, never nothing.
final class S7commRobustnessTests: XCTestCase {
    private func view(_ serial: UInt64) -> ConnectionView {
        let client = IPAddress(ipv4: 0xC0A8_010A), server = IPAddress(ipv4: 0xC0A8_0114)
        let key = FlowKey(source: client, sourcePort: 49_152, destination: server, destinationPort: 102, ipProtocol: 6)
        return ConnectionView(reference: ConnectionReference(key: key, start: .zero, shard: 0, serial: serial),
                              origAddress: client, origPort: 49_152, respAddress: server, respPort: 102,
                              ipProtocol: 6, time: .zero)
    }

    private func feed(_ analyzer: S7commAnalyzer, _ bytes: [UInt8], serial: UInt64, isOrig: Bool = true) {
        var connection = view(serial)
        bytes.withUnsafeBytes { analyzer.streamData($0, isOrig: isOrig, connection: &connection) }
    }

    private func rowCounts(_ analyzer: S7commAnalyzer) -> (s7: Int, cotp: Int) {
        let context = LogContext(sliceSeed: 1, format: .zeekTSV, localNetworks: LocalNetworks(networks: nil))
        var buffers = S7commAnalyzer.logs.map { LogRowBuffer(schema: $0.nativeSchema, format: .zeekTSV) }
        analyzer.emit(into: &buffers, context: context)
        return (buffers[0].count, buffers[1].count)
    }

    func testEveryTruncationOfAPDUIsARowOrAnAnomaly() {
        let full = S7Message(.ackData, parameter: S7Parameter.acknowledge(function: 4, itemCount: 2),
                             data: S7DataItem.dataPart([.real(2.5), .integer(7)])).bytes
        for cut in 1..<full.count {
            let analyzer = S7commAnalyzer(environment: AnalyzerEnvironment())
            feed(analyzer, TPKT.wrap(COTP.data(Array(full[0..<cut]))), serial: UInt64(cut))
            let skipped = analyzer.anomalies.counts.filter { $0.key != S7DecodeError.itemTruncated.rawValue }.values.reduce(0, +)
            let rows = rowCounts(analyzer)
            XCTAssertEqual(rows.s7 + skipped, 1, "cut at \(cut): \(analyzer.anomalies.counts)")
            XCTAssertEqual(rows.s7, 0, "a PDU shorter than its header's lengths is not logged (cut \(cut))")
            XCTAssertEqual(rows.cotp, 1)
        }
    }

    func testMutatedStreamsInRandomChunksNeverCrash() {
        let items = [S7ItemAddress(transportSize: 8, length: 2, dbNumber: 3, area: 0x84, byte: 4)]
        var stream = TPKT.wrap(COTP.connectRequest())
        stream += S7Message(.job, parameter: S7Parameter.readVariable(items)).tpkt
        stream += S7Message(.ackData, parameter: S7Parameter.acknowledge(function: 4, itemCount: 1),
                            data: S7DataItem.real(1).bytes).tpkt
        stream += S7UserData.message(mode: 8, group: 4, subfunction: 1, data: S7UserData.data([1, 0x32, 0, 4])).tpkt
        stream += S7UserData.message(mode: 4, group: 1, subfunction: 2, data: S7UserData.data([0, 4, 0, 9, 1, 2, 3, 4, 0, 1, 0x72])).tpkt
        stream += S7PlusMessage(opcode: 0x31, function: 0x054C).tpkt
        var random = SplitMix64(seed: 11)
        let analyzer = S7commAnalyzer(environment: AnalyzerEnvironment())
        for round in 0..<400 {
            var bytes = stream
            for _ in 0..<random.int(in: 0...6) { bytes[random.int(in: 0...(bytes.count - 1))] = UInt8(truncatingIfNeeded: random.next()) }
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + random.int(in: 1...40))
                feed(analyzer, Array(bytes[start..<end]), serial: UInt64(round), isOrig: round % 2 == 0)
                if random.chance(3) {
                    analyzer.streamGap(length: 5, isOrig: round % 2 == 0, connection: view(UInt64(round)))
                }
                start = end
            }
            analyzer.connectionEnded(view(UInt64(round)))
        }
        let rows = rowCounts(analyzer)
        XCTAssertGreaterThan(rows.s7, 400, "most mutated streams still decode most PDUs")
        XCTAssertFalse(analyzer.anomalies.counts.isEmpty)
    }
}
