import Foundation

/// Upload URLs may carry a password (`https://user:secret@host/`): every
/// message, log line, state file and support bundle shows them through this.
public enum URLRedaction {
    /// `url` with its password replaced by REDACTED; text that does not parse
    /// as a URL is not shown at all, since it may still hold the password.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "(unparsable URL, not shown)" }
        guard components.password != nil else { return url }
        components.password = "REDACTED"
        return components.string ?? "(unparsable URL, not shown)"
    }
}
