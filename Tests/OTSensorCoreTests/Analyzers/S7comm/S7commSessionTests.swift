import CaptureGenerator
import OTSensorCore
import XCTest

// Whole S7 sessions through SliceProcessor. Every expected row is worked by
// hand from LOGS.md §6.15/§6.16: ts = packet time (1 ms per packet from
// 1700000000), then rosctr, parameter, item_count, data_info (s7comm.log) or
// pdu_type (iso_cotp.log), names from the §6.15 tables.

final class S7commSessionTests: XCTestCase {
    /// Addresses of the read job: REAL at DB1.DBX 0.0, INTEGER at MB 10, a bit at I 2.3.
    private let readItems = [
        S7ItemAddress(transportSize: 8, length: 1, dbNumber: 1, area: 0x84, byte: 0),
        S7ItemAddress(transportSize: 5, length: 1, area: 0x83, byte: 10),
        S7ItemAddress(transportSize: 1, length: 1, area: 0x81, byte: 2, bit: 3),
    ]

    private func session() -> [Packet] {
        var tcp = s7Conversation()
        tcp.send(TPKT.wrap(COTP.connectRequest()), from: .client)                                       // 3
        tcp.send(TPKT.wrap(COTP.connectConfirm()), from: .server)                                       // 4
        tcp.send(S7Message(.job, parameter: S7Parameter.setupCommunication()).tpkt, from: .client)     // 5
        tcp.send(S7Message(.ackData, parameter: S7Parameter.setupCommunication()).tpkt, from: .server) // 6
        tcp.send(S7Message(.job, pduReference: 1, parameter: S7Parameter.readVariable(readItems)).tpkt, from: .client) // 7
        let values = [S7DataItem.real(3.14), .integer(-2), S7DataItem(transportSize: 3, length: 1, value: [0x01])]
        tcp.send(S7Message(.ackData, pduReference: 1, parameter: S7Parameter.acknowledge(function: 4, itemCount: 3),
                           data: S7DataItem.dataPart(values)).tpkt, from: .server)                      // 8
        let writeItems = [S7ItemAddress(transportSize: 2, length: 2, area: 0x82, byte: 4),
                          S7ItemAddress(transportSize: 4, length: 1, dbNumber: 7, area: 0x84, byte: 100)]
        let writeValues = [S7DataItem(transportSize: 4, length: 16, value: [0x12, 0x34]),
                           S7DataItem(transportSize: 4, length: 16, value: [0xAB, 0xCD])]
        tcp.send(S7Message(.job, pduReference: 2, parameter: S7Parameter.writeVariable(writeItems),
                           data: S7DataItem.dataPart(writeValues)).tpkt, from: .client)                 // 9
        tcp.send(S7Message(.ackData, pduReference: 2, parameter: S7Parameter.acknowledge(function: 5, itemCount: 2),
                           data: [0xFF, 0x0A]).tpkt, from: .server)                                     // 10
        tcp.ack(from: .client)                                                                          // 11
        tcp.send(TPKT.wrap(COTP.disconnectRequest()), from: .client)                                    // 12
        tcp.send(TPKT.wrap(COTP.disconnectConfirm()), from: .server)                                    // 13
        tcp.fin(from: .client)
        tcp.fin(from: .server)
        tcp.ack(from: .client)
        return tcp.packets
    }

    func testSessionRowsMatchLOGSWorkedByHand() throws {
        let run = try S7Harness.run(session())
        XCTAssertEqual(run.s7comm.lines(), [
            "\(flowTestTime(5))\tJob\ttype=Setup Communication\t-\t(empty)",
            "\(flowTestTime(6))\tAcknowledge Data\tclass=No error,code=0,type=Setup Communication\t-\t(empty)",
            // Format A of the first item: area 0x84, DB 1, bit address 0 → 0.0, item size 8 = Real, length 1.
            "\(flowTestTime(7))\tJob\ttype=Read Variable\t3\tData Blocks (DB) 1.DBX 0.0 Real 1",
            // Format V: data size 7 = Real; 3.14 as a float is 3.1400001… → %f gives 3.140000.
            "\(flowTestTime(8))\tAcknowledge Data\tclass=No error,code=0,type=Read Variable\t3\tReal 3.140000",
            // Outputs (Q) = 0x82, DB 0, byte 4 bit 0, item size 2 = Byte, length 2.
            "\(flowTestTime(9))\tJob\ttype=Write Variable\t2\tOutputs (Q) 0.DBX 4.0 Byte 2",
            // The first item's return code 0xFF is the plugin's `Sucess`.
            "\(flowTestTime(10))\tAcknowledge Data\tclass=No error,code=0,type=Write Variable\t2\tSucess",
        ])
        XCTAssertEqual(run.isoCOTP.lines(), [
            "\(flowTestTime(3))\tConnect Request", "\(flowTestTime(4))\tConnect Confirm",
            "\(flowTestTime(5))\tData", "\(flowTestTime(6))\tData", "\(flowTestTime(7))\tData",
            "\(flowTestTime(8))\tData", "\(flowTestTime(9))\tData", "\(flowTestTime(10))\tData",
            "\(flowTestTime(12))\tDisconnect Request", "\(flowTestTime(13))\tDisconnect Confirm",
        ])
        XCTAssertEqual(run.s7comm.fields, ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "rosctr",
                                           "parameter", "item_count", "data_info"])
        XCTAssertTrue(run.s7comm.text.contains("#types\ttime\tstring\taddr\tport\taddr\tport\tstring\tvector[string]\tcount\tvector[string]\n"))
        XCTAssertTrue(run.isoCOTP.text.contains("#path\tiso_cotp\n"))
        XCTAssertTrue(run.s7comm.text.contains("#path\ts7comm\n"))
        XCTAssertEqual(run.service(clientPort: 49_152), "iso_cotp,s7comm", "each service is listed once (LOGS.md §6.15, §5.10)")
        XCTAssertEqual(run.anomalies, [:])
        // Every row names the conn.log connection.
        let uid = try XCTUnwrap(run.conn.rows.first?["uid"])
        XCTAssertTrue((run.s7comm.rows + run.isoCOTP.rows).allSatisfy {
            $0["uid"] == uid && $0["id.orig_h"] == "192.168.1.10" && $0["id.orig_p"] == "49152"
                && $0["id.resp_h"] == "192.168.1.20" && $0["id.resp_p"] == "102"
        })
    }

    func testOsectLayoutFramesBothLogsZ8() throws {
        let directory = try FlowHarness.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let capture = directory.appendingPathComponent("s7.pcap").path
        try Capture(session()).write(to: capture)
        let out = directory.appendingPathComponent("out")
        let options = SliceOptions(inputPath: capture, outputPath: out.path, threads: 1, format: .osect,
                                   localNetworks: try XCTUnwrap(LocalNetworks(argument: "none")))
        _ = try SliceProcessor(options: options).run()
        // LOGS.md §2.2 Z8: eight lines `#`, the rows, `#close`.
        for (file, rows) in [("s7comm.log", 6), ("iso_cotp.log", 10)] {
            let text = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertEqual(Array(lines.prefix(8)), Array(repeating: "#", count: 8), file)
            XCTAssertEqual(lines.count, 8 + rows + 2, file)   // + `#close` + the empty string after the last LF
            XCTAssertEqual(lines[lines.count - 2], "#close", file)
            XCTAssertTrue(lines[8].hasPrefix("\(flowTestTime(file == "s7comm.log" ? 5 : 3))\t"), file)
        }
    }

    func testOnlyCOTPWithoutS7LeavesTheServiceUnset() throws {
        var tcp = s7Conversation()
        tcp.send(TPKT.wrap(COTP.connectRequest()), from: .client)
        tcp.send(TPKT.wrap(COTP.connectConfirm()), from: .server)
        // Not S7: an ISO session SPDU (MMS shares port 102) gives a Data row and no s7comm row.
        tcp.send(TPKT.wrap(COTP.data([0x0D, 0x05, 0x01, 0x00, 0x00])), from: .client)
        let run = try S7Harness.run(tcp.packets)
        XCTAssertEqual(run.isoCOTP.lines(), ["\(flowTestTime(3))\tConnect Request", "\(flowTestTime(4))\tConnect Confirm",
                                             "\(flowTestTime(5))\tData"])
        XCTAssertEqual(run.s7comm.rows.count, 0)
        XCTAssertEqual(run.service(clientPort: 49_152), "-")
    }

    func testUserDataGroupsErrorClassesAndPlus() throws {
        var tcp = s7Conversation()
        let szlRequest = S7UserData.data([0x01, 0x32, 0x00, 0x04])
        let szlResponse = S7UserData.data([0x01, 0x32, 0x00, 0x04, 0x00, 0x14, 0x00, 0x01] + [UInt8](repeating: 0x11, count: 20))
        let cyclicItem = S7ItemAddress(transportSize: 2, length: 4, dbNumber: 1, area: 0x84, byte: 0)
        let cyclicRequest = S7UserData.data(be([0x0001]) + [0x01, 0x05] + cyclicItem.bytes)
        let cyclicPush = S7UserData.data(be([0x0001]) + S7DataItem(transportSize: 4, length: 32, value: [0xDE, 0xAD, 0xBE, 0xEF]).bytes)
        let messages: [(S7Message, Side)] = [
            (S7UserData.message(mode: 4, group: 4, subfunction: 1, data: szlRequest), .client),     // 3
            (S7UserData.message(mode: 8, group: 4, subfunction: 1, data: szlResponse), .server),    // 4
            (S7UserData.message(mode: 4, group: 2, subfunction: 1, data: cyclicRequest), .client),  // 5
            (S7UserData.message(mode: 0, group: 2, subfunction: 1, data: cyclicPush), .server),     // 6
            (S7UserData.message(mode: 4, group: 3, subfunction: 1, data: S7UserData.data(returnCode: 0x0A, transportSize: 0, [])), .client), // 7
            (S7UserData.message(mode: 8, group: 7, subfunction: 1, data: S7UserData.data([0x00, 0x19, 0x05, 0x08, 0x23, 0x04, 0x10, 0x23, 0x67, 0x83])), .server), // 8
            (S7UserData.message(mode: 4, group: 6, subfunction: 1, data: []), .client),              // 9
            (S7UserData.message(mode: 8, group: 5, subfunction: 1, errorCode: 0xD602, data: []), .server), // 10
            (S7UserData.message(mode: 4, group: 9, subfunction: 5, data: []), .client),              // 11
            (S7Message(.ackData, parameter: S7Parameter.acknowledge(function: 4, itemCount: 1),
                       data: S7DataItem(returnCode: 0x05, transportSize: 0, length: 0, value: []).bytes,
                       errorClass: 0x85, errorCode: 0x04), .server),                                // 12
            (S7Message(.ackData, parameter: S7Parameter.setupCommunication(), errorClass: 0x87, errorCode: 0x01), .server), // 13
            (S7Message(.ackData, errorClass: 0x86, errorCode: 0x02), .server),                       // 14
            (S7Message(.ack, errorClass: 0x81, errorCode: 0x04), .server),                           // 15
            (S7Message(rosctr: 5), .client),                                                         // 16
            (S7Message(.job, parameter: [0x29, 0x00]), .client),                                     // 17
            (S7Message(.job, parameter: [0x42]), .client),                                           // 18
        ]
        for (message, side) in messages { tcp.send(message.tpkt, from: side) }
        tcp.send(S7PlusMessage(version: 1, opcode: 0x31, function: 0x054C).tpkt, from: .client)      // 19
        tcp.send(S7PlusMessage(version: 3, opcode: 0x33, body: [0x00, 0x01]).tpkt, from: .server)      // 20
        let digest: [UInt8] = [0x20] + [UInt8](repeating: 0x5A, count: 32)
        let protected = [0x72, 0x03, 0x00, 0x2C] + digest + [0x32, 0x00, 0x00, 0x05, 0x42, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00]
        tcp.send(TPKT.wrap(COTP.data(protected)), from: .server)                                     // 21
        tcp.send(TPKT.wrap(COTP.data([0x72, 0xFF, 0x00, 0x00])), from: .client)                     // 22
        let run = try S7Harness.run(tcp.packets)
        XCTAssertEqual(run.s7comm.lines(), [
            // Request parameters are 8 bytes: no code=. Group 4 sub 1: `<size> id=0x<id> index=<index>`.
            "\(flowTestTime(3))\tUser Data\tmode=Request,group=CPU Functions,sub=Read SZL\t-\tOctet String id=0x0132 index=0004",
            "\(flowTestTime(4))\tUser Data\tmode=Response,group=CPU Functions,sub=Read SZL,code=0\t-\tOctet String id=0x0132 index=0004",
            // Group 2 sub 1, mode 4: item count, 2 bytes skipped, format A.
            "\(flowTestTime(5))\tUser Data\tmode=Request,group=Cyclic Data,sub=Memory\t1\tData Blocks (DB) 1.DBX 0.0 Byte 4",
            // Mode 0 (push): format V; size 4 counts bits: 32/8 = 4 bytes in hex.
            "\(flowTestTime(6))\tUser Data\tmode=Push,group=Cyclic Data,sub=Memory,code=0\t1\tByte/Word/DWord 0xdeadbeef",
            "\(flowTestTime(7))\tUser Data\tmode=Request,group=Block Functions,sub=List Blocks\t-\t(empty)",
            "\(flowTestTime(8))\tUser Data\tmode=Response,group=Time Functions,sub=Read Clock,code=0\t-\t(empty)",
            // Group 6 names its subfunction from the time table (LOGS.md keeps the plugin's defect).
            "\(flowTestTime(9))\tUser Data\tmode=Request,group=PBC Send/Receive,sub=Read Clock\t-\t(empty)",
            // code= is the error code's first byte: 0xD6 = 214.
            "\(flowTestTime(10))\tUser Data\tmode=Response,group=Security,sub=PLC Password,code=214\t-\t(empty)",
            "\(flowTestTime(11))\tUser Data\tmode=Request,group=user_data_function_group (9),sub=(5)\t-\t(empty)",
            // A failed item: return code 5, size 0 (Null), length 0 → `Null ` with its trailing space.
            "\(flowTestTime(12))\tAcknowledge Data\tclass=Error on supplies,code=4,type=Read Variable\t1\tNull ",
            "\(flowTestTime(13))\tAcknowledge Data\tclass=Access error,code=1,type=Setup Communication\t-\t(empty)",
            // No parameter at all: no type=; class 0x86 is not in the table.
            "\(flowTestTime(14))\tAcknowledge Data\tclass=error_class (134),code=2\t-\t(empty)",
            "\(flowTestTime(15))\tAcknowledge\t(empty)\t-\t(empty)",
            "\(flowTestTime(16))\trosctr (5)\t(empty)\t-\t(empty)",
            "\(flowTestTime(17))\tJob\ttype=PLC Stop\t-\t(empty)",
            "\(flowTestTime(18))\tJob\ttype=function (66)\t-\t(empty)",
            "\(flowTestTime(19))\tS7comm-plus Request\tversion=1,type=GetMultiVariables\t-\t(empty)",
            "\(flowTestTime(20))\tS7comm-plus Notification\tversion=3\t-\t(empty)",
            "\(flowTestTime(21))\tS7comm-plus Response\tversion=3,type=SetMultiVariables\t-\t(empty)",
            "\(flowTestTime(22))\tS7comm-plus Keep Alive\tversion=255\t-\t(empty)",
        ])
        XCTAssertEqual(run.isoCOTP.rows.count, 20)
        XCTAssertEqual(run.anomalies, [:])
    }

    func testEveryAreaAndItemTransportSizeIsNamed() throws {
        // The §6.15 tables, typed from LOGS.md.
        let areas: [(UInt8, String)] = [
            (3, "System Info Of 200 Family"), (5, "System Flags Of 200 Family"), (6, "Analog Inputs Of 200 Family"),
            (7, "Analog Outputs Of 200 Family"), (28, "S7 Counters (C)"), (29, "S7 Timers (T)"),
            (30, "IEC Counters (200 Family)"), (31, "IEC Timers (200 Family)"), (128, "Direct Peripheral Access"),
            (129, "Inputs (I)"), (130, "Outputs (Q)"), (131, "Flags (M)"), (132, "Data Blocks (DB)"),
            (133, "Instance Data Blocks (DBI)"), (134, "Local Data (L)"), (135, "Unknown Yet (V)"), (9, "area (9)"),
        ]
        let sizes: [(UInt8, String)] = [
            (1, "Bit"), (2, "Byte"), (3, "Char"), (4, "Word"), (5, "Integer"), (6, "Double Word"), (7, "Double Integer"),
            (8, "Real"), (9, "Date"), (10, "Time Of Day"), (11, "Time"), (12, "S5 Time"), (15, "Date And Time"),
            (28, "Counter"), (29, "Timer"), (30, "IEC Timer"), (31, "IEC Counter"), (32, "Highspeed Counter"),
            (13, "item_transport_size (13)"),
        ]
        var tcp = s7Conversation()
        var expected: [String] = []
        for (index, (area, name)) in areas.enumerated() {
            // Byte 1000 + index, bit index % 8: bit address (1000 + index) * 8 + index % 8.
            let item = S7ItemAddress(transportSize: 2, length: 3, dbNumber: UInt16(index), area: area,
                                     byte: UInt32(1_000 + index), bit: UInt32(index % 8))
            tcp.send(S7Message(.job, parameter: S7Parameter.readVariable([item])).tpkt, from: .client)
            expected.append("Job\ttype=Read Variable\t1\t\(name) \(index).DBX \(1_000 + index).\(index % 8) Byte 3")
        }
        for (size, name) in sizes {
            let item = S7ItemAddress(transportSize: size, length: 1, dbNumber: 2, area: 0x84, byte: 70_000)
            tcp.send(S7Message(.job, parameter: S7Parameter.writeVariable([item])).tpkt, from: .client)
            expected.append("Job\ttype=Write Variable\t1\tData Blocks (DB) 2.DBX 70000.0 \(name) 1")
        }
        let run = try S7Harness.run(tcp.packets)
        XCTAssertEqual(run.s7comm.lines(dropping: ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p"]), expected)
    }

    func testValuesOfEachDataTransportSize() throws {
        // Format V of the first item of a read reply, per data transport size.
        let cases: [(S7DataItem, String)] = [
            (.real(-1.5), "Real -1.500000"),
            (.real(100_000.25), "Real 100000.250000"),
            (S7DataItem(transportSize: 7, length: 4, value: [0x7F, 0xC0, 0x00, 0x00]), "Real nan"),
            // INTEGER and DINT are unsigned big-endian decimals of length/8 bytes (LOGS.md): -2 → 65534.
            (.integer(-2), "Integer 65534"),
            (.integer(1_234), "Integer 1234"),
            (S7DataItem(transportSize: 6, length: 32, value: [0x00, 0x01, 0x00, 0x00]), "Double Integer 65536"),
            (S7DataItem(transportSize: 4, length: 8, value: [0x0F]), "Byte/Word/DWord 0x0f"),
            (S7DataItem(transportSize: 3, length: 1, value: [0x01]), "Bit 0x01"),
            (S7DataItem(transportSize: 9, length: 3, value: [0x41, 0x42, 0x43]), "Octet String 0x414243"),
            (S7DataItem(transportSize: 0x20, length: 2, value: [0x01, 0x02]), "data_transport_size (32) 0x0102"),
        ]
        var tcp = s7Conversation()
        for (item, _) in cases {
            tcp.send(S7Message(.ackData, parameter: S7Parameter.acknowledge(function: 4, itemCount: 1),
                               data: item.bytes).tpkt, from: .server)
        }
        let run = try S7Harness.run(tcp.packets)
        XCTAssertEqual(run.s7comm.rows.map { $0["data_info"] ?? "?" }, cases.map(\.1))
    }

    func testPollingTrafficGivesOneRowPerPDUAndSameOutputForAnyThreadCount() throws {
        let directory = try FlowHarness.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let capture = directory.appendingPathComponent("polling.pcap").path
        let writer = try PcapWriter(path: capture)
        let summary = try S7PollingTraffic(sessions: 60, polls: 12, seed: 7, concurrentSessions: 20).write(to: writer)
        try writer.close()
        let one = try S7Harness.run(capture: capture, threads: 1, in: directory)
        let two = try S7Harness.run(capture: capture, threads: 2, in: directory)
        XCTAssertEqual(one.s7commBytes, two.s7commBytes, "s7comm.log differs between --threads 1 and 2")
        XCTAssertEqual(one.isoCOTPBytes, two.isoCOTPBytes, "iso_cotp.log differs between --threads 1 and 2")
        XCTAssertEqual(summary.sessions, 60)
        // Setup pair + 2 per poll, per session; COTP adds CR, CC and DR per session.
        XCTAssertEqual(summary.s7PDUs, 60 * (2 + 2 * 12))
        XCTAssertEqual(one.s7comm.rows.count, summary.s7PDUs)
        XCTAssertEqual(one.isoCOTP.rows.count, summary.s7PDUs + 3 * 60)
        XCTAssertEqual(one.conn.rows.count, 60)
        XCTAssertTrue(one.conn.rows.allSatisfy { $0["service"] == "iso_cotp,s7comm" })
        XCTAssertEqual(one.anomalies, [:])
    }
}

/// 16-bit values, big-endian.
func be(_ values: [UInt16]) -> [UInt8] { values.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }
