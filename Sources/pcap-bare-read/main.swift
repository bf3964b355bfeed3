/// `pcap-bare-read FILE`: the floor for reading a capture with libpcap.
///
/// process-slice's speed is judged against this program (see scripts/bench.sh):
/// it opens FILE exactly the way process-slice does
/// (`pcap_open_offline_with_tstamp_precision` with nanosecond precision) and
/// walks every record with `pcap_next_ex`, doing nothing with a packet but
/// touching it. Its run time is what libpcap and the disk cost on their own, so
/// "process-slice takes R times the bare read" measures only our own work.
///
/// Each packet's caplen is summed and its first byte XORed into a checksum that
/// goes to stderr when PCAP_BARE_READ_CHECKSUM is set; since that is decided at
/// run time, the optimiser cannot drop the loop or the reads of packet data.
///
/// `pcap-bare-read --sha256 FILE` also hashes FILE on a second thread while it
/// reads, with the code process-slice uses for the manifest's input digest:
/// the floor below which no process-slice run can go on two cores, whatever its
/// own work costs. It adds `sha256=HEX` to the line.
///
/// Prints one line, `packets=N bytes=M` (M = sum of captured lengths), and
/// exits 0. A file libpcap cannot open: message on stderr, exit 2. A read error
/// part way (e.g. a truncated file): message on stderr, the counts so far on
/// stdout, exit 4, as process-slice does.
import CPcap
import OTSensorCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to standard error through the file descriptor (the C `stderr`
/// global is not concurrency-safe under Swift 6).
func printError(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
}

func fail(_ message: String, status: Int32) -> Never {
    printError("pcap-bare-read: error: \(message)\n")
    exit(status)
}

let usage = "usage: pcap-bare-read [--sha256] FILE"
var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.count == 1, arguments[0] == "-h" || arguments[0] == "--help" {
    print("""
        \(usage)
        Reads every packet of FILE with libpcap and prints `packets=N bytes=M`;
        --sha256 also hashes FILE on a second thread meanwhile (process-slice's floor).
        """)
    exit(0)
}
let hashes = arguments.first == "--sha256"
if hashes { arguments.removeFirst() }
guard arguments.count == 1 else {
    printError(usage + "\n")
    exit(64)
}
let path = arguments[0]
let digest = hashes ? InputDigest(path: path) : nil

var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
guard let handle = pcap_open_offline_with_tstamp_precision(
    path, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errorBuffer)
else {
    let message = errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    // libpcap names the file itself in some messages ("FILE: No such file...").
    fail(message.hasPrefix(path) ? "cannot open \(message)" : "cannot open \(path): \(message)", status: 2)
}

var packets = 0
var bytes = 0
var checksum: UInt8 = 0
var header: UnsafeMutablePointer<pcap_pkthdr>?
var data: UnsafePointer<UInt8>?
var status: Int32 = 0

while true {
    status = pcap_next_ex(handle, &header, &data)
    guard status == 1, let header, let data else { break }
    let caplen = Int(header.pointee.caplen)
    packets &+= 1
    bytes &+= caplen
    if caplen > 0 { checksum ^= data[0] }
}

if status == PCAP_ERROR {
    let message = String(cString: pcap_geterr(handle))
    pcap_close(handle)
    print("packets=\(packets) bytes=\(bytes)")
    fail("reading \(path) after \(packets) packets: \(message)", status: 4)
}
pcap_close(handle)

// The checksum must be observable or the byte reads are dead code; stderr
// keeps stdout to the one line. It is printed only when asked for.
if getenv("PCAP_BARE_READ_CHECKSUM") != nil {
    printError("checksum=\(checksum)\n")
}
do {
    let sha = try digest.map { " sha256=\(try $0.value())" } ?? ""
    print("packets=\(packets) bytes=\(bytes)\(sha)")
} catch {
    fail("hashing \(path): \(error)", status: 2)
}
