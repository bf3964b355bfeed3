/// One signature of Zeek's signature language, as the `dpd.sig` files of
/// Zeek's protocol scripts write them.
public struct DPDSignature: Sendable {
    public enum Direction: Sendable { case originator, responder }

    public let name: String
    /// 6 or 17; nil matches both (`ip-proto` absent).
    public let ipProtocol: UInt8?
    public let payload: BytePattern
    /// `tcp-state`: the direction whose payload is matched; nil for either.
    public let direction: Direction?
    /// `requires-reverse-signature`: a signature that must have matched the
    /// other direction before this one fires.
    public let requiresReverse: String?
    /// `enable`: the analyzer a match attaches, by its lower-cased name.
    public let enables: String?
    /// `payload-size`: bounds on the matched packet's payload length.
    public let payloadSizes: ClosedRange<Int>

    /// Parses a `.sig` file's text.
    public static func parse(_ text: String) throws(DPDSignatureError) -> [DPDSignature] {
        var signatures: [DPDSignature] = []
        var current: Builder?
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fail = { (what: String) in DPDSignatureError(message: "line \(number + 1): \(what): \(line)") }
            if current == nil {
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard words.count == 3, words[0] == "signature", words[2] == "{" else { throw fail("expected a signature") }
                current = Builder(name: String(words[1]))
                continue
            }
            if line.hasPrefix("}") {
                guard let built = current else { continue }
                guard let payload = built.payload else { throw fail("signature \(built.name) has no payload") }
                signatures.append(DPDSignature(name: built.name, ipProtocol: built.ipProtocol, payload: payload,
                                               direction: built.direction, requiresReverse: built.requiresReverse,
                                               enables: built.enables, payloadSizes: built.payloadSizes))
                current = nil
                continue
            }
            do {
                try current!.take(String(line))
            } catch {
                throw fail(error.message)
            }
        }
        guard current == nil else { throw DPDSignatureError(message: "unterminated signature") }
        return signatures
    }

    private struct Builder {
        let name: String
        var ipProtocol: UInt8?
        var payload: BytePattern?
        var direction: Direction?
        var requiresReverse: String?
        var enables: String?
        var payloadSizes = 0...Int.max

        init(name: String) { self.name = name }

        mutating func take(_ line: String) throws(DPDSignatureError) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            switch words.first {
            case "ip-proto":
                guard words.count == 3, words[1] == "==" else { throw .init(message: "bad ip-proto") }
                switch words[2] {
                case "tcp": ipProtocol = 6
                case "udp": ipProtocol = 17
                default: throw .init(message: "unknown ip-proto")
                }
            case "payload":
                guard let open = line.firstIndex(of: "/"), let close = line.lastIndex(of: "/"), open < close else {
                    throw .init(message: "payload without /pattern/")
                }
                do {
                    payload = try BytePattern(String(line[line.index(after: open)..<close]))
                } catch {
                    throw .init(message: error.message)
                }
            case "payload-size":
                guard words.count == 3, let bound = Int(words[2]) else { throw .init(message: "bad payload-size") }
                switch words[1] {
                case "<=": payloadSizes = payloadSizes.lowerBound...min(payloadSizes.upperBound, bound)
                case ">=": payloadSizes = max(payloadSizes.lowerBound, bound)...payloadSizes.upperBound
                default: throw .init(message: "unsupported payload-size comparison")
                }
            case "tcp-state":
                guard words.count == 2 else { throw .init(message: "bad tcp-state") }
                switch words[1] {
                case "originator": direction = .originator
                case "responder": direction = .responder
                default: throw .init(message: "unsupported tcp-state")
                }
            case "requires-reverse-signature":
                guard words.count == 2 else { throw .init(message: "bad requires-reverse-signature") }
                requiresReverse = String(words[1])
            case "enable":
                guard words.count == 2 else { throw .init(message: "bad enable") }
                enables = words[1].trimmingCharacters(in: "\"").lowercased()
            default:
                throw .init(message: "unsupported condition")
            }
        }
    }
}

/// Why a signature file did not parse.
public struct DPDSignatureError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

private extension Substring {
    func trimmingCharacters(in quote: Character) -> Substring {
        var result = self
        while result.first == quote { result = result.dropFirst() }
        while result.last == quote { result = result.dropLast() }
        return result
    }
}
