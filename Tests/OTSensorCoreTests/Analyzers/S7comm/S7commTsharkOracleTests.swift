import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

/// tshark's S7 dissector is an independent decoder: for every S7 PDU of a
/// generated capture, its ROSCTR, function, user-data group and subfunction
/// and item count must be what s7comm.log says.
final class S7commTsharkOracleTests: XCTestCase {

    // LOGS.md §6.15's names back to their codes, typed from the tables.
    private let rosctrCodes = ["Job": "1", "Acknowledge": "2", "Acknowledge Data": "3", "User Data": "7"]
    private let functionCodes = ["Read Variable": "0x04", "Write Variable": "0x05", "Setup Communication": "0xf0", "PLC Stop": "0x29"]
    private let groupCodes = ["Cyclic Data": "2", "Block Functions": "3", "CPU Functions": "4", "Time Functions": "7"]
    private let subfunctionCodes = ["Read SZL": "1", "Memory": "1", "List Blocks": "1", "Read Clock": "1", "Set Clock": "2"]

    private func capture() -> [Packet] {
        let packets = S7PollingTraffic.packets(sessions: 12, polls: 20, seed: 3)
        var tcp = FlowHosts.tcp(serverPort: 102, clientPort: 40_000)
        tcp.clock = PacketClock(start: CaptureTime(seconds: 1_800_000_000))
        tcp.syn()
        tcp.synAck()
        tcp.ack(from: .client)
        let cyclicItem = S7ItemAddress(transportSize: 2, length: 4, dbNumber: 1, area: 0x84, byte: 0)
        let messages: [(S7Message, Side)] = [
            (S7UserData.message(mode: 4, group: 2, subfunction: 1, data: S7UserData.data(be([1]) + [1, 5] + cyclicItem.bytes)), .client),
            (S7UserData.message(mode: 0, group: 2, subfunction: 1,
                                data: S7UserData.data(be([1]) + S7DataItem(transportSize: 4, length: 32, value: [1, 2, 3, 4]).bytes)), .server),
            (S7UserData.message(mode: 4, group: 3, subfunction: 1, data: S7UserData.data(returnCode: 0x0A, transportSize: 0, [])), .client),
            (S7UserData.message(mode: 4, group: 7, subfunction: 1, data: S7UserData.data(returnCode: 0x0A, transportSize: 0, [])), .client),
            (S7UserData.message(mode: 8, group: 7, subfunction: 1,
                                data: S7UserData.data([0x00, 0x19, 0x05, 0x08, 0x23, 0x04, 0x10, 0x23, 0x67, 0x83])), .server),
            (S7Message(.ackData, parameter: S7Parameter.acknowledge(function: 4, itemCount: 1),
                       data: S7DataItem(returnCode: 0x05, transportSize: 0, length: 0, value: []).bytes,
                       errorClass: 0x85, errorCode: 0x04), .server),
            (S7Message(.job, parameter: [0x29, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFD, 0x00, 0x00, 0x09,
                                         0x50, 0x5F, 0x50, 0x52, 0x4F, 0x47, 0x52, 0x41, 0x4D]), .client),
        ]
        for (message, side) in messages { tcp.send(message.tpkt, from: side) }
        return packets + tcp.packets
    }

    func testRosctrFunctionGroupSubfunctionAndItemCountAgreeWithTshark() throws {
        guard TsharkOracle.isInstalled else {
            XCTFail("tshark is required for the S7 oracle test: run scripts/install-deps.sh --test")
            return
        }
        let directory = try FlowHarness.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("s7-oracle.pcap").path
        try Capture(capture()).write(to: path)

        let fields = ["tcp.stream", "s7comm.header.rosctr", "s7comm.param.func", "s7comm.param.userdata.funcgroup",
                      "s7comm.param.userdata.subfunc", "s7comm.param.itemcount"]
        let output = try TsharkOracle.run(["-r", path, "-n", "-Y", "s7comm", "-T", "fields", "-E", "separator=/t",
                                 "-E", "occurrence=f"] + fields.flatMap { ["-e", $0] })
        let theirLines = output.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        let theirStreams = Self.firstAppearanceRanks(theirLines.map { String($0.first ?? "") })
        let theirs = zip(theirStreams, theirLines).map { rank, columns in
            (["\(rank)"] + columns.dropFirst().map(String.init)).joined(separator: "|")
        }

        let run = try S7Harness.run(capture(), threads: 1)
        let ourStreams = Self.firstAppearanceRanks(run.s7comm.rows.map { $0["uid"] ?? "" })
        let ours = zip(ourStreams, run.s7comm.rows).map { stream, row -> String in
            let parameter = (row["parameter"] ?? "").split(separator: ",").map(String.init)
            func value(_ key: String) -> String? {
                parameter.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
            }
            let rosctr = rosctrCodes[row["rosctr"] ?? ""] ?? "?"
            let function = value("type").map { functionCodes[$0] ?? "?\($0)" } ?? ""
            let group = value("group").map { groupCodes[$0] ?? "?\($0)" } ?? ""
            let sub = value("sub").map { subfunctionCodes[$0] ?? "?\($0)" } ?? ""
            let itemCount = row["item_count"].flatMap { $0 == "-" ? nil : $0 } ?? ""
            return ["\(stream)", rosctr, function, group, sub, itemCount].joined(separator: "|")
        }
        XCTAssertGreaterThan(ours.count, 400)
        XCTAssertEqual(ours.count, theirs.count, "PDU counts differ")
        let mismatches = zip(ours, theirs).enumerated().filter { $0.element.0 != $0.element.1 }
        for (index, (mine, oracle)) in mismatches.prefix(5) {
            XCTFail("PDU \(index): otsensor \(mine), tshark \(oracle)")
        }
    }

    func testCOTPTypesAgreeWithTshark() throws {
        guard TsharkOracle.isInstalled else {
            XCTFail("tshark is required for the S7 oracle test: run scripts/install-deps.sh --test")
            return
        }
        let directory = try FlowHarness.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cotp-oracle.pcap").path
        try Capture(capture()).write(to: path)
        let output = try TsharkOracle.run(["-r", path, "-n", "-Y", "cotp", "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,",
                                 "-e", "cotp.type"])
        // tshark names the TPDU kind (high nibble); one frame may hold several TPDUs.
        let theirs = output.split(separator: "\n").flatMap { $0.split(separator: ",").map(String.init) }
        let kinds = ["Connect Request": "0x0e", "Connect Confirm": "0x0d", "Data": "0x0f", "Disconnect Request": "0x08"]
        let run = try S7Harness.run(capture(), threads: 1)
        let ours = run.isoCOTP.rows.map { kinds[$0["pdu_type"] ?? ""] ?? "?" }
        XCTAssertGreaterThan(ours.count, 500)
        XCTAssertEqual(ours, theirs)
    }

    /// Each value replaced by the order in which it first appeared (0, 1, …).
    private static func firstAppearanceRanks(_ values: [String]) -> [Int] {
        var ranks: [String: Int] = [:]
        return values.map { value in
            if let rank = ranks[value] { return rank }
            ranks[value] = ranks.count
            return ranks.count - 1
        }
    }
}
