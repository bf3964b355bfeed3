/// Recognises FTP's control connection as Zeek's FTP analyzer does (conn.log
/// `service` "ftp").
///
/// Zeek confirms on the client's first command line: a first word of at
/// least 3 printable characters and at most `FTP::max_command_length` (100).
/// Server lines only violate: a reply that does not start with a 3-digit
/// code of at least 100 followed by a space, a hyphen or the line's end.
/// Lines inside a multi-line reply are not checked (FTP.cc `DeliverStream`).
/// A content gap loses the line it cut, nothing more. After "AUTH TLS" and
/// its 234 reply the connection carries TLS, which Zeek hands to its SSL
/// analyzer: nothing more of FTP is judged, and "ssl" follows once the TLS
/// handshake confirms.
public struct FTPRecognizer: ServiceRecognizer {
    public static let service = "ftp"

    static let maxCommandLength = 100
    static let lineCapacity = 1024

    private var origLines = RecognizerLines(capacity: FTPRecognizer.lineCapacity)
    private var respLines = RecognizerLines(capacity: FTPRecognizer.lineCapacity)
    /// The code of a multi-line reply still open ("220-" until "220 ").
    private var pendingReply = 0
    private var confirmed = false
    /// The client's last AUTH argument was exactly "TLS" (FTP.cc `auth_requested`).
    private var requestedTLS = false
    private var inTLS = false
    private var tls = InnerTLS()

    public init() {}

    public var innerServices: [String] { tls.services }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        guard !inTLS else {
            tls.feed(bytes, isOrig: isOrig)
            return confirmed ? .confirmed : .undecided
        }
        var offset = 0
        if isOrig {
            while origLines.advance(bytes, offset: &offset) {
                guard origLines.withLine(Self.isCommand) else { continue }
                confirmed = true
                if let auth = origLines.withLine(Self.authArgument) { requestedTLS = auth }
            }
        } else {
            while respLines.advance(bytes, offset: &offset) {
                let (verdict, pending) = respLines.withLine { Self.reply($0, pending: pendingReply) }
                if case .violated = verdict { return verdict }
                if pendingReply == 0, requestedTLS, respLines.withLine(Self.replyCode) == 234 {
                    inTLS = true
                    tls.feed(UnsafeRawBufferPointer(rebasing: bytes[offset...]), isOrig: false)
                    break
                }
                pendingReply = pending
            }
        }
        return confirmed ? .confirmed : .undecided
    }

    /// For an AUTH command (any prefix of "AUTH" of 3 letters or more, as
    /// FTP.cc compares), whether its argument is exactly "TLS"; `nil` otherwise.
    static func authArgument(_ line: UnsafeRawBufferPointer) -> Bool? {
        var start = 0
        while start < line.count, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        var end = start
        while end < line.count, line[end] != 0, !isSpace(line[end]) { end += 1 }
        let word = line[start..<end].map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }
        guard word.count >= 3, "AUTH".utf8.starts(with: word) else { return nil }
        var argument = end
        while argument < line.count, line[argument] == 0x20 || line[argument] == 0x09 { argument += 1 }
        return Array(line[argument...]) == Array("TLS".utf8)
    }

    public mutating func gap(length: UInt64, isOrig: Bool) -> RecognizerVerdict {
        if inTLS { tls.gap() }
        if isOrig { origLines.resynchronize() } else { respLines.resynchronize() }
        return .undecided
    }

    /// `is_ftp_cmd` on the line's first word, after leading blanks.
    static func isCommand(_ line: UnsafeRawBufferPointer) -> Bool {
        var start = 0
        while start < line.count, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        var end = start
        while end < line.count, line[end] != 0, !isSpace(line[end]) { end += 1 }
        let length = end - start
        guard length >= 3, length <= maxCommandLength else { return false }
        return line[start..<end].allSatisfy { (0x20...0x7E).contains($0) }
    }

    /// One server line: a verdict (`.violated` or `.undecided`) and the open
    /// multi-line reply code after it.
    static func reply(_ line: UnsafeRawBufferPointer, pending: Int) -> (RecognizerVerdict, Int) {
        guard !line.isEmpty else { return (.undecided, pending) }
        let code = replyCode(line)
        if pending != 0 {
            let ends = code == pending && line.count > 3 && line[3] == 0x20
            return (.undecided, ends ? 0 : pending)
        }
        guard code != 0 else { return (.violated(reason: "ftp.non_numeric_reply_code"), 0) }
        guard code >= 100 else { return (.violated(reason: "ftp.invalid_reply_code"), 0) }
        if line.count > 3, line[3] == 0x2D { return (.undecided, code) }
        if line.count > 3, line[3] != 0x20 { return (.violated(reason: "ftp.invalid_reply_line"), 0) }
        return (.undecided, 0)
    }

    /// The 3-digit code a line starts with, 0 when it starts otherwise.
    static func replyCode(_ line: UnsafeRawBufferPointer) -> Int {
        guard line.count >= 3, line[0..<3].allSatisfy({ (0x30...0x39).contains($0) }) else { return 0 }
        return Int(line[0] - 0x30) * 100 + Int(line[1] - 0x30) * 10 + Int(line[2] - 0x30)
    }

    /// C's `isspace`.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
