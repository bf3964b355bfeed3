/// Builds a `Signature` from a rule's text: the header through the variables,
/// each option through its keyword family. A keyword the engine does not
/// implement makes the rule `unsupported` (it is skipped and counted), a rule
/// that breaks the grammar is `malformed` (it is reported with its location).
public struct RuleParser {
    public enum Failure: Error, Sendable, Equatable {
        case unsupported(keyword: String)
        case malformed(String)
    }

    let groups: GroupParser
    let classifications: Classifications

    public init(variables: RuleVariables = .defaults, classifications: Classifications = .standard) {
        groups = GroupParser(variables: variables)
        self.classifications = classifications
    }

    /// The sticky buffers the engine inspects when a feeder supplies them,
    /// with Suricata's legacy spellings mapped to the dotted names.
    static let stickyBuffers: [String: String] = {
        var map: [String: String] = [:]
        for name in ["http.uri", "http.uri.raw", "http.method", "http.host", "http.host.raw", "http.user_agent",
                     "http.request_body", "http.response_body", "http.header", "http.header.raw",
                     "http.header_names", "http.stat_code", "http.stat_msg", "http.content_type", "http.content_len",
                     "http.cookie", "http.request_line", "http.response_line", "http.start", "http.protocol",
                     "http.referer", "http.location", "http.server", "http.accept", "http.accept_enc",
                     "http.accept_lang", "http.connection", "http.request_header", "http.response_header",
                     "file.data", "file.name", "dns.query", "tls.sni", "tls.certs", "tls.cert_subject",
                     "tls.cert_issuer", "tls.cert_serial", "tls.cert_fingerprint", "ja3.hash", "ja3.string",
                     "ja3s.hash", "ja3s.string", "ssh.proto", "ssh.software", "smb.named_pipe", "smb.share"] {
            map[name] = name
        }
        map["file_data"] = "file.data"
        // Suricata's legacy underscore names of the HTTP sticky buffers.
        for name in ["request_line", "response_line", "protocol", "header_names", "start", "accept", "accept_enc",
                     "accept_lang", "connection", "content_type", "content_len", "referer", "location", "server"] {
            map["http_" + name] = "http." + name
        }
        map["dns_query"] = "dns.query"
        map["tls_sni"] = "tls.sni"
        map["tls_cert_subject"] = "tls.cert_subject"
        map["tls_cert_issuer"] = "tls.cert_issuer"
        map["ja3_hash"] = "ja3.hash"
        map["ja3s_hash"] = "ja3s.hash"
        map["ssh_proto"] = "ssh.proto"
        map["ssh_software"] = "ssh.software"
        map["smb_named_pipe"] = "smb.named_pipe"
        return map
    }()

    /// Legacy content modifiers that move the previous content into a buffer.
    static let contentModifierBuffers: [String: String] = [
        "http_uri": "http.uri", "http_raw_uri": "http.uri.raw", "http_method": "http.method",
        "http_header": "http.header", "http_raw_header": "http.header.raw", "http_cookie": "http.cookie",
        "http_user_agent": "http.user_agent", "http_host": "http.host", "http_raw_host": "http.host.raw",
        "http_client_body": "http.request_body", "http_server_body": "file.data", "http_stat_code": "http.stat_code",
        "http_stat_msg": "http.stat_msg",
    ]

    static let ignored: Set<String> = ["reference", "rawbytes", "classtype", "metadata"]

    public func parse(_ text: String) throws(Failure) -> Signature {
        let rule: RuleText
        do { rule = try RuleText(text) } catch { throw .malformed(error.description) }
        var signature: Signature
        do { signature = try header(rule) } catch let error as Failure { throw error } catch {
            throw .malformed((error as? RuleError)?.description ?? "\(error)")
        }
        var builder = SignatureBuilder(signature: signature)
        for (name, value) in rule.options {
            do {
                try builder.apply(name: name.lowercased(), value: value, parser: self)
            } catch let failure as Failure {
                throw failure
            } catch let error as RuleError {
                throw .malformed("\(name): \(error.description)")
            } catch {
                throw .malformed("\(name): \(error)")
            }
        }
        signature = try builder.finish()
        if signature.priority == nil, let classtype = signature.classtype {
            signature.priority = classifications.entries[classtype]?.priority
        }
        return signature
    }

    private func header(_ rule: RuleText) throws -> Signature {
        guard let action = Signature.Action(rawValue: rule.action.lowercased()) else {
            throw RuleError("unknown action \(rule.action)")
        }
        guard let proto = RuleProtocol(rule.proto) else { throw Failure.unsupported(keyword: "protocol:\(rule.proto)") }
        if rule.direction == "=>" { throw Failure.unsupported(keyword: "direction =>") }
        guard rule.direction == "->" || rule.direction == "<>" else {
            throw RuleError("bad direction \(rule.direction)")
        }
        var signature = Signature(action: action, proto: proto,
                         source: try groups.headerAddresses(rule.source),
                         sourcePorts: try groups.headerPorts(rule.sourcePorts),
                         destination: try groups.headerAddresses(rule.destination),
                         destinationPorts: try groups.headerPorts(rule.destinationPorts),
                         bidirectional: rule.direction == "<>")
        // tcp-pkt is tcp with flow:no_stream; tcp-stream prefers the stream (see StreamRequirement).
        signature.flow.noStream = rule.proto.lowercased() == "tcp-pkt"
        signature.flow.streamHeader = rule.proto.lowercased() == "tcp-stream"
        return signature
    }
}
