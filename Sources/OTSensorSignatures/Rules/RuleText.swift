/// Splits one rule's text into its header fields and its `name:value;`
/// options, as Suricata's SigParse: an option ends at a `;` not escaped by `\`.
struct RuleText {
    var action: String
    var proto: String
    var source: String
    var sourcePorts: String
    var direction: String
    var destination: String
    var destinationPorts: String
    var options: [(name: String, value: String?)]

    init(_ text: String) throws(RuleError) {
        guard let open = text.firstIndex(of: "(") else { throw RuleError("no options: missing (") }
        let header = Self.headerFields(String(text[..<open]))
        guard header.count == 7 else { throw RuleError("header needs 7 fields, has \(header.count)") }
        (action, proto, source, sourcePorts, direction, destination, destinationPorts) =
            (header[0], header[1], header[2], header[3], header[4], header[5], header[6])
        var body = Substring(text[text.index(after: open)...])
        while let last = body.last, last == " " || last == "\t" || last == "\r" { body.removeLast() }
        guard body.last == ")" else { throw RuleError("options do not end with )") }
        body.removeLast()
        options = try Self.options(String(body))
    }

    /// Header fields split at blanks outside brackets (`[1.2.3.4, 5.6.7.8]`).
    static func headerFields(_ text: String) -> [String] {
        var fields: [String] = [], current = "", level = 0
        for ch in text {
            if ch == "[" { level += 1 }
            if ch == "]" { level -= 1 }
            if (ch == " " || ch == "\t") && level == 0 {
                if !current.isEmpty { fields.append(current) }
                current = ""
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { fields.append(current) }
        return fields
    }

    static func options(_ text: String) throws(RuleError) -> [(name: String, value: String?)] {
        var result: [(String, String?)] = []
        let bytes = Array(text.utf8)
        var start = 0, i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\") {
                i += 2
                continue
            }
            if bytes[i] == UInt8(ascii: ";") {
                result.append(try option(String(decoding: bytes[start..<i], as: UTF8.self)))
                start = i + 1
            }
            i += 1
        }
        guard start >= bytes.count || String(decoding: bytes[start...], as: UTF8.self).trimmingSpaces.isEmpty else {
            throw RuleError("last option is not terminated by ;")
        }
        return result
    }

    static func option(_ text: String) throws(RuleError) -> (String, String?) {
        let t = text.trimmingSpaces
        guard !t.isEmpty else { throw RuleError("empty option") }
        guard let colon = t.firstIndex(of: ":") else { return (t, nil) }
        let name = String(t[..<colon]).trimmingSpaces
        guard !name.isEmpty, !name.contains(" ") else { throw RuleError("bad option name \(t)") }
        return (name, String(t[t.index(after: colon)...]).trimmingSpaces)
    }
}
