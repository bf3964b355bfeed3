/// Recognises SMTP as Zeek's SMTP analyzer does (conn.log `service` "smtp").
///
/// Zeek confirms on the client's first line whose first word is an SMTP
/// command it knows (SMTP_cmd.def, any case), and violates on every server
/// line that does not start with a reply code from 100 to 599 (SMTP.cc
/// `ProcessLine`). After a content gap the client's lines are held until the
/// server replies again, so only a server line is judged until then. After
/// STARTTLS (or X-ANONYMOUSTLS) and a 220 reply the connection carries TLS,
/// which Zeek hands to its SSL analyzer: nothing more of SMTP is judged, and
/// "ssl" follows once the TLS handshake confirms.
public struct SMTPRecognizer: ServiceRecognizer {
    public static let service = "smtp"

    static let lineCapacity = 1024

    /// SMTP_cmd.def in order, including the pseudo-commands that `ParseCmd`
    /// also matches as words, and X-ANONYMOUSTLS which it special-cases.
    static let commands: [String] = [
        "EHLO", "HELO", "MAIL", "RCPT", "DATA", "QUIT", "RSET", "VRFY", "EXPN", "HELP", "NOOP", "STARTTLS",
        "X_ANONYMOUSTLS", "CONN_ESTABLISHMENT", "END_OF_DATA", "SEND", "SOML", "SAML", "TURN", "BDAT", "ETRN",
        "AUTH", "AUTH_ANSWER", "X-ANONYMOUSTLS",
    ]

    private var origLines = RecognizerLines(capacity: SMTPRecognizer.lineCapacity)
    private var respLines = RecognizerLines(capacity: SMTPRecognizer.lineCapacity)
    private var afterGap = false
    private var confirmed = false
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
                guard !afterGap, let command = origLines.withLine(Self.command) else { continue }
                confirmed = true
                requestedTLS = command == "STARTTLS" || command == "X_ANONYMOUSTLS" || command == "X-ANONYMOUSTLS"
            }
        } else {
            while respLines.advance(bytes, offset: &offset) {
                let code = respLines.withLine(FTPRecognizer.replyCode)
                guard (100...599).contains(code) else { return .violated(reason: "smtp.reply_code_out_of_range") }
                afterGap = false
                if requestedTLS, code == 220 {
                    inTLS = true
                    tls.feed(UnsafeRawBufferPointer(rebasing: bytes[offset...]), isOrig: false)
                    break
                }
                requestedTLS = false
            }
        }
        return confirmed ? .confirmed : .undecided
    }

    public mutating func gap(length: UInt64, isOrig: Bool) -> RecognizerVerdict {
        if inTLS { tls.gap() }
        if isOrig { origLines.resynchronize() } else { respLines.resynchronize() }
        afterGap = true
        return .undecided
    }

    /// The known command that is the line's first word (up to white space
    /// or NUL), if any.
    static func command(_ line: UnsafeRawBufferPointer) -> String? {
        var end = 0
        while end < line.count, line[end] != 0, !FTPRecognizer.isSpace(line[end]) { end += 1 }
        guard end > 0 else { return nil }
        let word = line[0..<end]
        return commands.first { command in
            command.utf8.count == end && zip(command.utf8, word).allSatisfy { $0 == upper($1) }
        }
    }

    private static func upper(_ byte: UInt8) -> UInt8 {
        (0x61...0x7A).contains(byte) ? byte - 0x20 : byte
    }
}
