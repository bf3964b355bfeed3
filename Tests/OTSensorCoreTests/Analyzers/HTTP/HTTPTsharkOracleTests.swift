import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

/// tshark's HTTP dissector is an independent decoder: for every connection of
/// capture-gen's HTTP scenarios (keep-alive, pipelining, chunked and large
/// bodies, 100 Continue, HEAD) each request's method, URI and host, and each
/// response's status code and body length, must be what http.log says.
final class HTTPTsharkOracleTests: XCTestCase {
    /// What one connection carried: requests as `method uri host`, final
    /// responses as `code length`, interim response codes.
    private struct Conversation: Equatable {
        var requests: [String] = []
        var responses: [String] = []
        var interim: [String] = []
    }

    func testRequestsAndResponsesAgreeWithTshark() throws {
        guard TsharkOracle.isInstalled else {
            XCTFail("tshark is required for the HTTP oracle test: run scripts/install-deps.sh --test")
            return
        }
        let packets = HTTPTraffic.sampleCapture()
        let directory = try FlowHarness.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("http-oracle.pcap").path
        try Capture(packets).write(to: path)

        let output = try TsharkOracle.run([
            // HTTP on 8081 is no HTTP port for either tool: tshark is told, and
            // otsensor must find it by content, as Zeek's signatures do.
            "-r", path, "-n", "-d", "tcp.port==8081,http", "-Y", "http.request || http.response", "-T", "fields", "-E", "separator=/t",
            "-E", "occurrence=a", "-E", "aggregator=;",
            "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "http.request.method", "-e", "http.request.uri",
            "-e", "http.host", "-e", "http.response.code", "-e", "http.file_data",
        ])
        var theirs: [String: Conversation] = [:]
        for line in output.split(separator: "\n") {
            let c = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if !c[2].isEmpty {
                let methods = c[2].split(separator: ";"), uris = c[3].split(separator: ";")
                let hosts = c[4].split(separator: ";")
                XCTAssertEqual(methods.count, uris.count)
                for i in methods.indices {
                    // http.log's URI is decoded (%XX), tshark's as sent.
                    let uri = String(uris[i]).removingPercentEncoding ?? String(uris[i])
                    theirs[c[0], default: Conversation()].requests.append("\(methods[i]) \(uri) \(hosts[i])")
                }
            } else {
                let code = Int(c[5]) ?? -1
                if code < 200 {
                    theirs[c[1], default: Conversation()].interim.append(String(code))
                } else {
                    theirs[c[1], default: Conversation()].responses.append("\(code) \(c[6].utf8.count)")
                }
            }
        }
        XCTAssertEqual(theirs.count, 6, "tshark saw the six connections, one on port 8081")

        let rows = DNSLogRows(try SliceLogHarness.native(packets), file: "http.log").rows
            .sorted { (Int($0["id.orig_p"]!)!, Int($0["trans_depth"]!)!) < (Int($1["id.orig_p"]!)!, Int($1["trans_depth"]!)!) }
        var ours: [String: Conversation] = [:]
        for row in rows {
            let port = row["id.orig_p"]!
            ours[port, default: Conversation()].requests.append("\(row["method"]!) \(row["uri"]!) \(row["host"]!)")
            ours[port, default: Conversation()].responses.append("\(row["status_code"]!) \(row["response_body_len"]!)")
            if let info = row["info_code"], info != "-" { ours[port, default: Conversation()].interim.append(info) }
        }
        XCTAssertEqual(ours.count, 6, "the connection on port 8081 is found by content")
        for port in theirs.keys.sorted() {
            XCTAssertEqual(ours[port], theirs[port], "connection from port \(port)")
        }
    }
}
