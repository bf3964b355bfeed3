/// What a recogniser has concluded about a connection so far.
public enum RecognizerVerdict: Sendable, Equatable {
    /// Not enough payload yet to tell: keep feeding.
    case undecided
    /// The protocol is spoken (Zeek's `AnalyzerConfirmation`): conn.log's
    /// `service` gets the recogniser's name.
    case confirmed
    /// The protocol is not spoken after all (Zeek's `AnalyzerViolation`): the
    /// recogniser is detached and the reason counted in the manifest's anomalies.
    case violated(reason: String)
}

/// Decides from a connection's payload whether one application protocol is
/// spoken, for the protocols whose conn.log `service` Zeek sets but whose own
/// logs otsensor does not write (TLS, SSH, FTP, SMTP, QUIC, LDAP, SOCKS,
/// Modbus/TCP, DNP3, NTP).
///
/// Each recogniser confirms and violates at the point Zeek's analyzer for the
/// protocol would, so that `service` agrees with Zeek; it parses only as far
/// as that decision, and what a later consumer needs (the TLS server name).
/// The framework attaches recognisers by port or by content (DPD) and keeps
/// one value per connection. It stops feeding a recogniser at a violation,
/// but goes on feeding a confirmed one: Zeek 9 removes a confirmed service
/// again when its analyzer later reports a violation (FTP's
/// ftp-missing-reply-code baseline has no service), so a recogniser keeps
/// judging after confirming, and answers `.confirmed` at once where Zeek
/// checks nothing more.
public protocol ServiceRecognizer: Sendable {
    /// conn.log's name for the protocol, as Zeek writes it ("ssl", "ssh", ...).
    static var service: String { get }

    init()

    /// The next in-order payload of one direction: TCP stream bytes, or one
    /// whole UDP datagram. Once confirmed, `.confirmed` again means nothing
    /// new; only `.violated` changes the outcome.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict

    /// `length` bytes of a direction were never seen.
    mutating func gap(length: UInt64, isOrig: Bool) -> RecognizerVerdict

    /// Whether the payload showed the roles reversed (the responder spoke the
    /// originator's part), as Zeek's analyzers flip them.
    var flipsRoles: Bool { get }

    /// Services of protocols carried inside this one that were confirmed,
    /// in order (Zeek's child analyzers: TLS after STARTTLS, the TLS
    /// handshake inside QUIC). They follow the recogniser's own in `service`.
    var innerServices: [String] { get }
}

extension ServiceRecognizer {
    /// Zeek's analyzers that recognise by handshake give up at a gap before
    /// deciding: the rest of the stream cannot be parsed from the middle.
    public mutating func gap(length: UInt64, isOrig: Bool) -> RecognizerVerdict {
        .violated(reason: "\(Self.service).content_gap")
    }

    public var flipsRoles: Bool { false }

    public var innerServices: [String] { [] }
}
