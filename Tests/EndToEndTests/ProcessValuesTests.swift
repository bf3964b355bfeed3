import CaptureGenerator
import Foundation
import XCTest

/// The promise to a plant (issue 23 §6): with `--process-values redact`, and
/// by default in what `otsensor run` ships, no value read from or written to a
/// PLC appears in any output file, only its type and length.
final class ProcessValuesTests: XCTestCase {
    private var directory: URL!

    /// Values chosen to be found by grep: a REAL, 16 bytes, 4 bytes.
    private let real: Float = 1234.5
    private let sixteenBytes: [UInt8] = [0xDE, 0xAD, 0xBE, 0xEF, 0xCA, 0xFE, 0xBA, 0xBE,
                                         0x13, 0x37, 0xC0, 0xDE, 0xF0, 0x0D, 0xFA, 0xCE]
    private let fourBytes: [UInt8] = [0xAB, 0xCD, 0xEF, 0x12]
    private let writtenBytes: [UInt8] = [0x5E, 0xC2, 0xE7, 0x99]

    /// How the values would read in a log (LOGS.md §6.15 format V) or in any hex dump.
    private var renderings: [String] {
        ["1234.5", "deadbeefcafebabe", "1337c0def00dface", "abcdef12", "5ec2e799"]
    }

    override func setUpWithError() throws {
        directory = try EndToEnd.makeTemporaryDirectory(for: self)
    }

    /// An S7 session: a read answered with a REAL, a read answered with 16
    /// bytes, a write of 4 bytes, and a cyclic push (User Data group 2) of 4 bytes.
    private func plcCapture() throws -> String {
        var tcp = TCPConversation(client: "192.168.1.10", clientPort: 49_152, server: "192.168.1.20", serverPort: 102,
                                  clock: PacketClock(start: CaptureTime(seconds: 1_700_000_000)))
        tcp.syn(); tcp.synAck(); tcp.ack(from: .client)
        tcp.send(TPKT.wrap(COTP.connectRequest()), from: .client)
        tcp.send(TPKT.wrap(COTP.connectConfirm()), from: .server)
        let realAddress = S7ItemAddress(transportSize: 8, length: 1, dbNumber: 1, area: 0x84, byte: 0)
        tcp.send(S7Message(.job, pduReference: 1, parameter: S7Parameter.readVariable([realAddress])).tpkt, from: .client)
        tcp.send(S7Message(.ackData, pduReference: 1, parameter: S7Parameter.acknowledge(function: 4, itemCount: 1),
                           data: S7DataItem.dataPart([.real(real)])).tpkt, from: .server)
        let bytesAddress = S7ItemAddress(transportSize: 2, length: 16, dbNumber: 2, area: 0x84, byte: 8)
        tcp.send(S7Message(.job, pduReference: 2, parameter: S7Parameter.readVariable([bytesAddress])).tpkt, from: .client)
        tcp.send(S7Message(.ackData, pduReference: 2, parameter: S7Parameter.acknowledge(function: 4, itemCount: 1),
                           data: S7DataItem.dataPart([S7DataItem(transportSize: 4, length: 128, value: sixteenBytes)])).tpkt,
                 from: .server)
        let writeAddress = S7ItemAddress(transportSize: 2, length: 4, area: 0x82, byte: 4)
        tcp.send(S7Message(.job, pduReference: 3, parameter: S7Parameter.writeVariable([writeAddress]),
                           data: S7DataItem.dataPart([S7DataItem(transportSize: 4, length: 32, value: writtenBytes)])).tpkt,
                 from: .client)
        tcp.send(S7Message(.ackData, pduReference: 3, parameter: S7Parameter.acknowledge(function: 5, itemCount: 1),
                           data: [0xFF]).tpkt, from: .server)
        let pushed = S7DataItem(transportSize: 4, length: 32, value: fourBytes)
        tcp.send(S7UserData.message(mode: 0, group: 2, subfunction: 1,
                                    data: S7UserData.data([0x00, 0x01] + pushed.bytes), pduReference: 4).tpkt, from: .server)
        tcp.fin(from: .client); tcp.fin(from: .server); tcp.ack(from: .client)
        let path = directory.appendingPathComponent("plc.pcap").path
        try Capture(tcp.packets).write(to: path)
        return path
    }

    /// Every file under `folder` (and `extra` files), searched as text and as raw bytes.
    private func leaks(in folder: URL, extra: [URL] = []) throws -> [String] {
        var found: [String] = []
        let files = (FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            + extra
        XCTAssertFalse(files.isEmpty)
        for file in files where (try? file.resourceValues(forKeys: [.isDirectoryKey]))?.isDirectory != true {
            let data = try Data(contentsOf: file)
            let text = String(decoding: data, as: UTF8.self).lowercased()
            for rendering in renderings where text.contains(rendering) { found.append("\(file.lastPathComponent): \(rendering)") }
            for raw in [sixteenBytes, fourBytes, writtenBytes] where data.range(of: Data(raw)) != nil {
                found.append("\(file.lastPathComponent): raw bytes \(raw)")
            }
        }
        return found
    }

    private func s7DataInfo(_ out: String) throws -> [String] {
        let text = try String(contentsOf: directory.appendingPathComponent(out).appendingPathComponent("s7comm.log"),
                              encoding: .utf8)
        let fields = EndToEnd.tsvFields(text)
        let column = try XCTUnwrap(fields.firstIndex(of: "data_info"))
        return EndToEnd.tsvRows(text).map { $0[column] }
    }

    func testRedactedLogsHoldTypesAndLengthsButNoValue() throws {
        let input = try plcCapture()
        let kept = try EndToEnd.runProcessSlice([input, "--out", "kept", "--no-progress"], in: directory)
        XCTAssertEqual(kept.status, 0, kept.stderr)
        // The default for process-slice keeps them: the search below can find them.
        XCTAssertEqual(try s7DataInfo("kept"), ["Data Blocks (DB) 1.DBX 0.0 Real 1", "Real 1234.500000",
                                                "Data Blocks (DB) 2.DBX 8.0 Byte 16",
                                                "Byte/Word/DWord 0xdeadbeefcafebabe1337c0def00dface",
                                                "Outputs (Q) 0.DBX 4.0 Byte 4", "Sucess", "Byte/Word/DWord 0xabcdef12"])
        XCTAssertFalse(try leaks(in: directory.appendingPathComponent("kept")).isEmpty)

        let redacted = try EndToEnd.runProcessSlice([input, "--out", "redacted", "--process-values", "redact", "--no-progress"],
                                                    in: directory)
        XCTAssertEqual(redacted.status, 0, redacted.stderr)
        XCTAssertEqual(try s7DataInfo("redacted"), ["Data Blocks (DB) 1.DBX 0.0 Real 1", "Real Real[1]",
                                                    "Data Blocks (DB) 2.DBX 8.0 Byte 16", "Byte/Word/DWord Byte[16]",
                                                    "Outputs (Q) 0.DBX 4.0 Byte 4", "Sucess", "Byte/Word/DWord Byte[4]"])
        XCTAssertEqual(try leaks(in: directory.appendingPathComponent("redacted")), [])
        let options = (try EndToEnd.readManifest(directory.appendingPathComponent("redacted"))["run"] as? [String: Any])?["options"]
            as? [String: Any]
        XCTAssertEqual(options?["process_values"] as? String, "redact")
    }

    /// `otsensor run` with a configuration that does not mention process_values:
    /// the archive it would ship holds no value, compressed or unpacked.
    func testTheArchiveOtsensorRunShipsHoldsNoValueByDefault() throws {
        let otsensor = try EndToEnd.processSliceBinary().deletingLastPathComponent().appendingPathComponent("otsensor")
        let spool = directory.appendingPathComponent("spool")
        let incoming = spool.appendingPathComponent("incoming")
        try FileManager.default.createDirectory(at: incoming, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try plcCapture(), toPath: incoming.appendingPathComponent("20261123T104100Z.pcap").path)
        let config = directory.appendingPathComponent("otsensor.toml")
        try Data("label = \"plant\"\n".utf8).write(to: config)

        let run = Process()
        run.executableURL = otsensor
        run.arguments = ["run", "--config", config.path, "--spool", spool.path]
        try run.run()
        run.waitUntilExit()
        XCTAssertEqual(run.terminationStatus, 0)

        let archive = spool.appendingPathComponent("outbox/20261123T104100Z.tar.zst")
        XCTAssertTrue(FileManager.default.fileExists(atPath: archive.path))
        let unpacked = directory.appendingPathComponent("unpacked")
        try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        tar.arguments = ["--zstd", "-x", "-f", archive.path, "-C", unpacked.path]
        try tar.run()
        tar.waitUntilExit()
        XCTAssertEqual(tar.terminationStatus, 0, "tar --zstd (tar and zstd from scripts/install-deps.sh --test)")
        let s7 = try XCTUnwrap(FileManager.default.enumerator(at: unpacked, includingPropertiesForKeys: nil)?.allObjects
            .compactMap { $0 as? URL }.first { $0.lastPathComponent == "s7comm.log" })
        XCTAssertTrue(try String(contentsOf: s7, encoding: .utf8).contains("Real Real[1]"))
        XCTAssertEqual(try leaks(in: unpacked, extra: [archive]), [])
        let manifest = try XCTUnwrap(FileManager.default.enumerator(at: unpacked, includingPropertiesForKeys: nil)?.allObjects
            .compactMap { $0 as? URL }.first { $0.lastPathComponent == "manifest.json" })
        ManifestSchema.validate(manifest)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: manifest)) as? [String: Any])
        let runSection = json["run"] as? [String: Any]
        XCTAssertEqual((runSection?["options"] as? [String: Any])?["process_values"] as? String, "redact")
        XCTAssertEqual(runSection?["sensor_label"] as? String, "plant")
    }
}
