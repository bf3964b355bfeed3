import CaptureGenerator
import OTSensorCore
import XCTest

// TPKT/COTP framing over the reassembled stream (ARCHITECTURE.md decision 12)
// and malformed input. Times: packet n of a conversation is at flowTestTime(n);
// the handshake is packets 0–2.

final class S7commFramingTests: XCTestCase {
    private let setupJob = S7Message(.job, parameter: S7Parameter.setupCommunication()).tpkt
    private let readJob = S7Message(.job, pduReference: 9, parameter: S7Parameter.readVariable([
        S7ItemAddress(transportSize: 4, length: 2, dbNumber: 5, area: 0x84, byte: 6)])).tpkt
    private let setupRow = "Job\ttype=Setup Communication\t-\t(empty)"
    private let readRow = "Job\ttype=Read Variable\t1\tData Blocks (DB) 5.DBX 6.0 Word 2"

    func testTwoTPKTsInOneSegmentAreBothDecoded() throws {
        var tcp = s7Conversation()
        tcp.send(setupJob + readJob, from: .client)                                   // 3
        let run = try S7Harness.run(tcp.packets)
        XCTAssertEqual(run.s7comm.lines(), ["\(flowTestTime(3))\t\(setupRow)", "\(flowTestTime(3))\t\(readRow)"])
        XCTAssertEqual(run.isoCOTP.lines(), ["\(flowTestTime(3))\tData", "\(flowTestTime(3))\tData"])
    }

    func testTPKTSplitAcrossSegmentsIsJoined() throws {
        var tcp = s7Conversation()
        tcp.send(Array(readJob[0..<2]), from: .client)                                // 3: half a TPKT header
        tcp.send(Array(readJob[2..<20]), from: .client)                               // 4
        tcp.send(Array(readJob[20...]) + Array(setupJob[0..<9]), from: .client)       // 5: end of one, start of next
        tcp.send(Array(setupJob[9...]), from: .client)                                // 6
        let run = try S7Harness.run(tcp.packets)
        XCTAssertEqual(run.s7comm.lines(), ["\(flowTestTime(5))\t\(readRow)", "\(flowTestTime(6))\t\(setupRow)"])
        XCTAssertEqual(run.isoCOTP.lines(), ["\(flowTestTime(5))\tData", "\(flowTestTime(6))\tData"])
        XCTAssertEqual(run.anomalies, [:])
    }

    func testCOTPSegmentsAreReassembledBeforeDecoding() throws {
        let pdu = S7Message(.job, parameter: S7Parameter.readVariable([
            S7ItemAddress(transportSize: 4, length: 2, dbNumber: 5, area: 0x84, byte: 6)])).bytes
        var tcp = s7Conversation()
        tcp.send(TPKT.wrap(COTP.data(Array(pdu[0..<8]), endOfTSDU: false)), from: .client)     // 3
        tcp.send(TPKT.wrap(COTP.data(Array(pdu[8..<15]), endOfTSDU: false))
                 + TPKT.wrap(COTP.data(Array(pdu[15...]))), from: .client)                      // 4
        let run = try S7Harness.run(tcp.packets)
        XCTAssertEqual(run.s7comm.lines(), ["\(flowTestTime(4))\t\(readRow)"])
        XCTAssertEqual(run.isoCOTP.lines(), ["\(flowTestTime(3))\tData", "\(flowTestTime(4))\tData", "\(flowTestTime(4))\tData"])
        XCTAssertEqual(run.service(clientPort: 49_152), "iso_cotp,s7comm")
    }

    func testAGapResynchronisesOnTheNextTPKT() throws {
        var tcp = s7Conversation()
        tcp.send(setupJob, from: .client)                                             // 3
        // The first 10 bytes of the read job are lost; its remaining bytes (an
        // item address without 0x03) arrive with a whole setup job behind them.
        tcp.skip(10, from: .client)
        tcp.send(Array(readJob[10...]) + setupJob, from: .client)                     // 4: held until the gap is known
        tcp.ack(from: .server)                                                        // 5: acknowledges past the hole
        tcp.send(readJob, from: .client)                                              // 6
        let run = try S7Harness.run(tcp.packets)
        XCTAssertEqual(run.s7comm.lines().map { $0.split(separator: "\t", maxSplits: 1)[1] },
                       [setupRow, setupRow, readRow].map { Substring($0) })
        XCTAssertEqual(run.s7comm.rows.last?["ts"], flowTestTime(6))
        XCTAssertEqual(run.isoCOTP.rows.count, 3)
        XCTAssertEqual(run.anomalies, [:], "a gap is not malformed input")
    }

    func testMalformedInputIsCountedAndTheRestStillDecodes() throws {
        var packets: [Packet] = []
        func connection(_ port: UInt16, _ payloads: [[UInt8]]) {
            var tcp = s7Conversation(clientPort: port, second: Int64(port - 50_000))
            for payload in payloads { tcp.send(payload, from: .client) }
            tcp.fin(from: .client)
            tcp.fin(from: .server)
            tcp.ack(from: .client)
            packets += tcp.packets
        }
        connection(50_001, [[3, 0, 0, 0] + setupJob])                                 // TPKT length 0, then a good one
        connection(50_002, [TPKT.wrap(COTP.data(S7Message(.job).bytes), length: 65_535)]) // length 65535
        connection(50_003, [[3, 0, 0, 5, 2, 0xF0, 0x80]])                             // length 5 < 7
        connection(50_004, [TPKT.wrap(COTP.tpdu(type: 0xF0, fixed: [0x80], lengthIndicator: 0x20))]) // LI past the end
        var badLengths = S7Message(.job, parameter: S7Parameter.setupCommunication())
        badLengths.parameterLengthOverride = 200
        connection(50_005, [TPKT.wrap(COTP.data(badLengths.bytes))])                   // S7 parameter length past the end
        var random = SplitMix64(seed: 5)
        let noise = (0..<600).map { _ in UInt8(truncatingIfNeeded: random.next()) }.map { $0 == 3 ? 4 : $0 }
        connection(50_006, [noise])                                                   // random bytes, no 0x03 in them
        connection(50_007, [Array(readJob[0..<15])])                                  // the stream ends inside a TPKT
        connection(50_008, [TPKT.wrap(COTP.data(Array(readJob[7..<12]), endOfTSDU: false))]) // never completed
        connection(50_009, [readJob])                                                 // a good connection after all that

        let run = try S7Harness.run(packets)
        XCTAssertEqual(run.anomalies, [
            "s7comm.tpkt_length_invalid": 3,
            "s7comm.cotp_length_invalid": 1,
            "s7comm.parameter_length_invalid": 1,
            "s7comm.tpkt_header_invalid": 1,
            "s7comm.tpkt_truncated": 1,
            "s7comm.cotp_segments_incomplete": 1,
        ])
        XCTAssertEqual(run.s7comm.rows.map { $0["id.orig_p"] ?? "?" }, ["50001", "50009"])
        XCTAssertEqual(run.s7comm.lines(dropping: ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p"]),
                       [setupRow, readRow])
        // COTP rows: the good TPKTs of 50001 and 50009, the DT of 50005 (its S7 part is what is bad), the segment of 50008.
        XCTAssertEqual(run.isoCOTP.rows.map { $0["id.orig_p"] ?? "?" }, ["50001", "50005", "50008", "50009"])
        XCTAssertEqual(run.service(clientPort: 50_001), "iso_cotp,s7comm")
        XCTAssertEqual(run.service(clientPort: 50_005), "-")
        XCTAssertEqual(run.service(clientPort: 50_006), "-")
    }
}
