import ArgumentParser
import CaptureGenerator

struct HTTPSample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "Writes the HTTP scenarios the http.log tests check against tshark.",
        discussion: """
        Six TCP connections from 10.20.0.5 to 10.20.0.80, one a second:
          - keep-alive: two GETs (200 with 512 bytes, 404) and a HEAD on port 80
          - pipelining: three GETs sent in one segment, answered in order, on port 80
          - a chunked 5000-byte response on port 8080
          - a 250000-byte response on port 80
          - a POST with Expect: 100-continue answered 100, then 201, on port 8000
          - a GET on port 8081, which is not an HTTP port
        """
    )

    @Option(name: .long, help: "Where to write the capture.")
    var out: String

    @Option(name: .long, help: "File format: pcap (classic, microseconds) or pcapng.")
    var format: FileFormat = .pcap

    func run() throws {
        let packets = HTTPTraffic.sampleCapture()
        try Capture(packets).write(to: out, format: format.captureFormat)
        print("wrote \(out): \(packets.count) packets")
    }
}
