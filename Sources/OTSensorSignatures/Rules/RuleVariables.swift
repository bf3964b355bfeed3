/// The `$NAME` variables rule headers refer to, as Suricata's `vars:` section:
/// address groups and port groups, each kept as its source text and resolved
/// when a rule uses it (so one variable may refer to another).
public struct RuleVariables: Sendable {
    public var addressGroups: [String: String]
    public var portGroups: [String: String]

    /// LOGS.md §6.17: the existing sensor's values, which are Suricata's defaults.
    public static let defaults = RuleVariables(
        addressGroups: [
            "HOME_NET": "[192.168.0.0/16,10.0.0.0/8,172.16.0.0/12]",
            "EXTERNAL_NET": "!$HOME_NET",
            "HTTP_SERVERS": "$HOME_NET", "SMTP_SERVERS": "$HOME_NET", "SQL_SERVERS": "$HOME_NET",
            "DNS_SERVERS": "$HOME_NET", "TELNET_SERVERS": "$HOME_NET", "DC_SERVERS": "$HOME_NET",
            "DNP3_SERVER": "$HOME_NET", "DNP3_CLIENT": "$HOME_NET", "MODBUS_CLIENT": "$HOME_NET",
            "MODBUS_SERVER": "$HOME_NET", "ENIP_CLIENT": "$HOME_NET", "ENIP_SERVER": "$HOME_NET",
            "AIM_SERVERS": "$EXTERNAL_NET",
        ],
        portGroups: [
            "HTTP_PORTS": "80", "SHELLCODE_PORTS": "!80", "ORACLE_PORTS": "1521", "SSH_PORTS": "22",
            "DNP3_PORTS": "20000", "MODBUS_PORTS": "502", "FILE_DATA_PORTS": "[$HTTP_PORTS,110,143]",
            "FTP_PORTS": "21", "GENEVE_PORTS": "6081", "VXLAN_PORTS": "4789", "TEREDO_PORTS": "3544",
            "SIP_PORTS": "[5060, 5061]",
        ])

    public init(addressGroups: [String: String], portGroups: [String: String]) {
        self.addressGroups = addressGroups
        self.portGroups = portGroups
    }

    /// The defaults overridden by a Suricata YAML file's `vars:` section
    /// (`address-groups:` and `port-groups:` maps of `NAME: value`).
    public static func loading(yaml text: String) throws(RuleError) -> RuleVariables {
        var vars = RuleVariables.defaults
        var section = ""
        var inVars = false
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first
                .map(String.init) ?? ""
            guard !line.trimmingSpaces.isEmpty, line.trimmingSpaces != "%YAML 1.1", line.trimmingSpaces != "---"
            else { continue }
            let indent = line.prefix { $0 == " " }.count
            let body = line.trimmingSpaces
            if indent == 0 {
                inVars = body == "vars:"
                continue
            }
            guard inVars else { continue }
            guard let colon = body.firstIndex(of: ":") else {
                throw RuleError("vars line \(number + 1): expected NAME: value")
            }
            let key = String(body[..<colon]).trimmingSpaces
            let value = String(body[body.index(after: colon)...]).trimmingSpaces.unquoted
            if value.isEmpty {
                section = key
            } else if section == "address-groups" {
                vars.addressGroups[key] = value
            } else if section == "port-groups" {
                vars.portGroups[key] = value
            }
        }
        return vars
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }

    /// A keyword value in double quotes, optionally negated by a leading `!`
    /// (content, pcre): whether it was negated, and the text between the quotes.
    func quotedArgument(of keyword: String) throws(RuleError) -> (negated: Bool, body: Substring) {
        var text = trimmingSpaces
        let negated = text.hasPrefix("!")
        if negated { text = String(text.dropFirst()).trimmingSpaces }
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else {
            throw RuleError("\(keyword) must be quoted: \(self)")
        }
        return (negated, text.dropFirst().dropLast())
    }

    var unquoted: String {
        if count >= 2, (hasPrefix("\"") && hasSuffix("\"")) || (hasPrefix("'") && hasSuffix("'")) {
            return String(dropFirst().dropLast())
        }
        return self
    }
}

/// Why a rule (or a vars file) was rejected.
public struct RuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
