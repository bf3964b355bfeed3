/// TLS inside a connection that switched to it (FTP's AUTH TLS, SMTP's
/// STARTTLS, LDAP's StartTLS): Zeek hands the rest of the stream to its SSL
/// analyzer, whose confirmation adds "ssl" after the outer protocol's service.
/// Only that verdict is kept; a violation or a gap ends the judging.
struct InnerTLS: Sendable {
    private var recognizer = TLSRecognizer()
    private var isDecided = false
    private(set) var isConfirmed = false

    mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) {
        guard !isDecided, !bytes.isEmpty else { return }
        switch recognizer.feed(bytes, isOrig: isOrig) {
        case .confirmed:
            isConfirmed = true
            isDecided = true
        case .violated:
            isDecided = true
        case .undecided:
            break
        }
    }

    mutating func gap() { isDecided = true }

    var services: [String] { isConfirmed ? [TLSRecognizer.service] : [] }
}
