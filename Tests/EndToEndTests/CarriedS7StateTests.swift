import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

/// An HMI polling a PLC over one S7 session for three minutes, cut into
/// one-minute slices and analysed with `--state`: s7comm.log and iso_cotp.log
/// are those of one run over the whole capture, although one TPKT is cut by
/// the first slice boundary and one TSDU's DT segments by the second.
final class CarriedS7StateTests: XCTestCase {
    private static let start: Int64 = 1_700_000_000

    private func writeSlices(into directory: URL) throws -> (whole: URL, slices: [URL]) {
        func at(_ seconds: Double) -> CaptureTime {
            CaptureTime(seconds: Self.start).advanced(byNanoseconds: Int64(seconds * 1e9))
        }
        var s7 = TCPConversation(client: "10.0.0.1", clientPort: 49_200, server: "192.168.100.10", serverPort: 102,
                                 clock: PacketClock(start: at(1)))
        s7.syn(); s7.synAck(); s7.markEstablished(); s7.ack(from: .client)
        s7.send(TPKT.wrap(COTP.connectRequest()), from: .client)
        s7.send(TPKT.wrap(COTP.connectConfirm()), from: .server)
        s7.send(S7Message(.job, parameter: S7Parameter.setupCommunication()).tpkt, from: .client)
        s7.send(S7Message(.ackData, parameter: S7Parameter.setupCommunication()).tpkt, from: .server)
        let item = S7ItemAddress(transportSize: 0x02, length: 4, dbNumber: 7, area: 0x84, byte: 12)
        func poll(_ reference: UInt16) -> (request: S7Message, reply: S7Message) {
            (S7Message(.job, pduReference: reference, parameter: S7Parameter.readVariable([item])),
             S7Message(.ackData, pduReference: reference, parameter: S7Parameter.acknowledge(function: 4, itemCount: 1),
                       data: S7DataItem.dataPart([.integer(Int16(reference))])))
        }
        // Polls every 10 s from 5 s to 175 s; between them, packets emitted in time order so that
        // sequence numbers follow time.
        for (k, seconds) in stride(from: 5.0, through: 175, by: 10).enumerated() {
            if seconds == 65 {
                // A request whose TPKT is cut by the first boundary: 9 bytes before it, the rest after.
                let (cut, cutReply) = poll(100)
                s7.clock.now = at(59.999)
                s7.send(Array(cut.tpkt.prefix(9)), from: .client)
                s7.clock.now = at(60.001)
                s7.send(Array(cut.tpkt.dropFirst(9)), from: .client)
                s7.send(cutReply.tpkt, from: .server)
            }
            if seconds == 125 {
                // A reply sent as two DT TPDUs across the second boundary (the first without EOT).
                let (split, splitReply) = poll(200)
                s7.clock.now = at(119.9)
                s7.send(split.tpkt, from: .client)
                s7.send(TPKT.wrap(COTP.data(Array(splitReply.bytes.prefix(10)), endOfTSDU: false)), from: .server)
                s7.clock.now = at(120.1)
                s7.send(TPKT.wrap(COTP.data(Array(splitReply.bytes.dropFirst(10)))), from: .server)
                s7.ack(from: .client)
            }
            let (request, reply) = poll(UInt16(k + 1))
            s7.clock.now = at(seconds)
            s7.send(request.tpkt, from: .client)
            s7.send(reply.tpkt, from: .server)
            s7.ack(from: .client)
        }

        let packets = s7.packets
        let whole = directory.appendingPathComponent("whole.pcap")
        try Capture(packets).timeOrdered().write(to: whole.path)
        let slices = try (0..<3).map { minute in
            let url = directory.appendingPathComponent("slice\(minute).pcap")
            try Capture(packets.filter { $0.time >= at(Double(60 * minute)) && $0.time < at(Double(60 * (minute + 1))) })
                .timeOrdered().write(to: url.path)
            return url
        }
        return (whole, slices)
    }

    private func analyse(_ input: URL, out: URL, state: URL?) throws -> SliceReport {
        var options = SliceOptions(inputPath: input.path, outputPath: out.path, threads: 2)
        options.stateDirectory = state?.path
        return try SliceProcessor(options: options).run()
    }

    /// Rows without the uid column, sorted.
    private func rows(_ directories: [URL], _ log: String) throws -> [String] {
        try directories.flatMap { directory in
            EndToEnd.tsvRows(try String(contentsOf: directory.appendingPathComponent(log), encoding: .utf8))
                .map { ($0.prefix(1) + $0.dropFirst(2)).joined(separator: "\t") }
        }.sorted()
    }

    func testS7SessionAcrossSlicesEqualsOneRun() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let (whole, slices) = try writeSlices(into: directory)
        let one = directory.appendingPathComponent("one")
        let oneReport = try analyse(whole, out: one, state: nil)
        let outs = try slices.indices.map { k -> URL in
            let out = directory.appendingPathComponent("out\(k)")
            let report = try analyse(slices[k], out: out, state: directory.appendingPathComponent("state"))
            XCTAssertEqual(report.manifest.anomalies, [:], "slice \(k)")
            return out
        }
        XCTAssertEqual(oneReport.manifest.anomalies, [:])
        for log in ["s7comm.log", "iso_cotp.log"] {
            let expected = try rows([one], log)
            XCTAssertEqual(try rows(outs, log), expected, log)
        }
        // 18 polls, the cut request and the split reply: 2 PDUs each, and setup communication's 2.
        XCTAssertEqual(try rows([one], "s7comm.log").count, 2 * 20 + 2)
        let uids = Set(try outs.flatMap { directory in
            EndToEnd.tsvRows(try String(contentsOf: directory.appendingPathComponent("s7comm.log"), encoding: .utf8))
                .map { $0[1] }
        })
        XCTAssertEqual(uids.count, 1, "one session, one uid in every slice")
    }
}
