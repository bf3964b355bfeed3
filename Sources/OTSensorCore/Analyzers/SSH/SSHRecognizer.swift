/// Recognises SSH as Zeek's SSH analyzer does (conn.log `service` "ssh").
///
/// Zeek confirms late, on the key exchange's end: SSH_MSG_NEWKEYS in SSH-2,
/// SSH_CMSG_SESSION_KEY in SSH-1, from either side (ssh-analyzer.pac
/// `proc_newkeys`). It violates when its grammar fails: a client whose first
/// line is no "SSH-" banner (servers may send other lines first), a binary
/// packet before both banners agree on a version, an SSH-2 packet too short
/// for its header, or an SSH-1 message other than the public or session key.
/// After a content gap it stops parsing without a verdict.
///
/// Binary packets are skipped by their length, so nothing but the banner
/// line and a packet header is ever buffered.
public struct SSHRecognizer: ServiceRecognizer {
    public static let service = "ssh"

    /// Banner lines are at most 255 bytes (RFC 4253 §4.2); longer ones are cut.
    static let lineCapacity = 512

    enum Version: Equatable { case unknown, ssh1, ssh199, ssh2 }

    private var orig = SSHDirection()
    private var resp = SSHDirection()
    private var origVersion = Version.unknown
    private var respVersion = Version.unknown
    private var hadGap = false
    /// After NEWKEYS the direction is encrypted: nothing more is judged.
    private var confirmed = false

    public init() {}

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        guard !hadGap else { return confirmed ? .confirmed : .undecided }
        var direction = isOrig ? orig : resp
        if isOrig { orig = SSHDirection() } else { resp = SSHDirection() }
        defer { if isOrig { orig = direction } else { resp = direction } }
        var offset = 0
        while offset < bytes.count {
            switch direction.phase {
            case .banner:
                guard direction.lines.advance(bytes, offset: &offset) else { return .undecided }
                let version = direction.lines.withLine(Self.bannerVersion)
                if let version {
                    if isOrig { origVersion = version } else { respVersion = version }
                    direction.phase = .packetHeader
                } else if isOrig {
                    return .violated(reason: "ssh.client_banner_missing")
                }
            case .packetHeader:
                let wanted = direction.headerLength(version: negotiatedVersion) - direction.header.count
                let take = min(wanted, bytes.count - offset)
                direction.header.append(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + take)]))
                offset += take
                if direction.header.count == direction.headerLength(version: negotiatedVersion),
                   let verdict = packetHeader(&direction) {
                    if verdict == .confirmed { confirmed = true }
                    return verdict
                }
            case .skipping(let remaining):
                let take = min(remaining, bytes.count - offset)
                offset += take
                direction.phase = remaining == take ? .packetHeader : .skipping(remaining - take)
            case .encrypted:
                return confirmed ? .confirmed : .undecided
            }
        }
        return confirmed ? .confirmed : .undecided
    }

    public mutating func gap(length: UInt64, isOrig: Bool) -> RecognizerVerdict {
        hadGap = true
        return .undecided
    }

    /// `update_version`: the connection's version once both banners are in.
    var negotiatedVersion: Version {
        switch (origVersion, respVersion) {
        case (.ssh199, .ssh199): .ssh2
        case let (client, server) where client == server: client
        case (.ssh199, .ssh2), (.ssh2, .ssh199): .ssh2
        case (.ssh1, .ssh199), (.ssh199, .ssh1): .ssh1
        default: .unknown
        }
    }

    /// The version a banner line announces, `nil` for a line that is no banner.
    static func bannerVersion(_ line: UnsafeRawBufferPointer) -> Version? {
        guard line.count >= 4, line[0] == 0x53, line[1] == 0x53, line[2] == 0x48, line[3] == 0x2D else { return nil }
        guard line.count >= 5 else { return .unknown }
        switch line[4] {
        case 0x32: return .ssh2
        case 0x31: return line.count >= 8 && line[6] == 0x39 && line[7] == 0x39 ? .ssh199 : .ssh1
        default: return .unknown
        }
    }

    /// A binary packet's header is complete: confirm, violate, or skip its body.
    private func packetHeader(_ direction: inout SSHDirection) -> RecognizerVerdict? {
        let header = direction.header.withBytes { Array($0) }
        direction.header.removeAll()
        let length = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        switch negotiatedVersion {
        case .ssh2:
            guard length >= 2 else { return .violated(reason: "ssh.packet_too_short") }
            if header[5] == 21 {
                direction.phase = .encrypted
                return .confirmed
            }
            direction.phase = .skipping(length - 2)
            return nil
        case .ssh1:
            switch header[header.count - 1] {
            case 3:
                direction.phase = .encrypted
                return .confirmed
            case 2:
                direction.phase = .encrypted
                return nil
            default: return .violated(reason: "ssh.unexpected_ssh1_message")
            }
        case .unknown, .ssh199:
            return .violated(reason: "ssh.unknown_version")
        }
    }
}

/// Where one direction of an SSH connection stands.
struct SSHDirection: Sendable {
    enum Phase: Sendable, Equatable {
        case banner
        case packetHeader
        case skipping(Int)
        case encrypted
    }

    var phase = Phase.banner
    var lines = RecognizerLines(capacity: SSHRecognizer.lineCapacity)
    var header = RecognizerBuffer(capacity: 16)

    /// Bytes up to and including the message type: SSH-2 has length,
    /// padding length and type; SSH-1 has length, 1 to 8 padding bytes
    /// (8 - length % 8) and type, so its header length depends on the first four.
    func headerLength(version: SSHRecognizer.Version) -> Int {
        guard version == .ssh1 else { return version == .ssh2 ? 6 : 4 }
        guard header.count >= 4 else { return 4 }
        let length = header.withBytes { Int($0[3]) }
        return 4 + (8 - length % 8) + 1
    }
}
