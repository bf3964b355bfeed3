/// Zeek's ASCII escaping (LOGS.md §3.4, `enable_utf_8 = F`; product decision 7),
/// which keeps every value on one line, keeps fields and set elements apart, and
/// keeps real values distinguishable from the `-` and `(empty)` markers.
extension RowEncoder {
    static func appendTSVEscaped(_ text: UnsafeRawBufferPointer, inContainer: Bool, to out: inout [UInt8]) {
        // Markers first (§3.4 rule 4, §3.5), in the order Zeek's formatter tests them.
        if text.isEmpty {
            LogText.append("(empty)", to: &out)
            return
        }
        if text.count == 1 && text[0] == 0x2D {
            LogText.append("\\x2d", to: &out)
            return
        }
        if text.count == 7 && text.elementsEqual(emptyMarker) {
            LogText.append("\\x28empty)", to: &out)
            return
        }
        // Most values need no escaping at all: copy them in one go.
        guard text.contains(where: { needsEscape($0, inContainer: inContainer) }) else {
            out.append(contentsOf: text)
            return
        }
        for byte in text {
            if byte == 0x5C {
                LogText.append("\\\\", to: &out)
            } else if needsEscape(byte, inContainer: inContainer) {
                LogText.appendHexEscape(byte, to: &out)
            } else {
                out.append(byte)
            }
        }
    }

    private static let emptyMarker: [UInt8] = Array("(empty)".utf8)

    /// Rules 1–3: anything outside printable ASCII, the backslash, and the set
    /// separator `,` inside a set or vector element.
    @inline(__always)
    private static func needsEscape(_ byte: UInt8, inContainer: Bool) -> Bool {
        byte < 0x20 || byte > 0x7E || byte == 0x5C || (inContainer && byte == 0x2C)
    }
}
