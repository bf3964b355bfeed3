/// Recognises SMTP as Zeek's SMTP analyzer does (conn.log `service` "smtp").
///
/// Zeek confirms on the client's first line whose first word is an SMTP
/// command it knows (SMTP_cmd.def, any case), and violates on every server
/// line that does not start with a reply code from 100 to 599 (SMTP.cc
/// `ProcessLine`). After a content gap the client's lines are held until the
/// server replies again, so only a server line is judged until then.
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

    public init() {}

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        var offset = 0
        if isOrig {
            while origLines.advance(bytes, offset: &offset) {
                if !afterGap, origLines.withLine(Self.startsWithCommand) { return .confirmed }
            }
            return .undecided
        }
        while respLines.advance(bytes, offset: &offset) {
            guard respLines.withLine(Self.isReply) else { return .violated(reason: "smtp.reply_code_out_of_range") }
            afterGap = false
        }
        return .undecided
    }

    public mutating func gap(length: UInt64, isOrig: Bool) -> RecognizerVerdict {
        if isOrig { origLines.resynchronize() } else { respLines.resynchronize() }
        afterGap = true
        return .undecided
    }

    /// The line's first word (up to white space or NUL) is a known command
    /// and the line is not empty.
    static func startsWithCommand(_ line: UnsafeRawBufferPointer) -> Bool {
        var end = 0
        while end < line.count, line[end] != 0, !FTPRecognizer.isSpace(line[end]) { end += 1 }
        guard end > 0 else { return false }
        let word = line[0..<end]
        return commands.contains { command in
            command.utf8.count == end && zip(command.utf8, word).allSatisfy { $0 == upper($1) }
        }
    }

    private static func upper(_ byte: UInt8) -> UInt8 {
        (0x61...0x7A).contains(byte) ? byte - 0x20 : byte
    }

    static func isReply(_ line: UnsafeRawBufferPointer) -> Bool {
        (100...599).contains(FTPRecognizer.replyCode(line))
    }
}
