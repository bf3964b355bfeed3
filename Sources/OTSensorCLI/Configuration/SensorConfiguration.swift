import Foundation
import OTSensorCore
import OTSensorUplink

/// Every setting of a sensor, with the product's defaults. The configuration file
/// fills it, then command-line flags override single fields.
public struct SensorConfiguration: Equatable, Sendable {
    public static let defaultPath = "/etc/otsensor/otsensor.toml"
    /// suricata-update's output, which `otsensor run` matches when present.
    public static let defaultRulesPath = "/var/lib/suricata/rules/suricata.rules"

    public var label = ""
    public var spool = "/var/spool/otsensor"
    public var logLevel = "info"
    // [capture]
    public var interface: String?
    public var rotateSeconds = 60
    public var snaplen = 262_144
    public var filter: String?
    // [run]
    /// 0: every core.
    public var threads = 0
    public var format = "tsv"
    public var layout = "native"
    public var localNets = "zeekctl"
    public var zstdLevel = 10
    public var keepPcap = false
    /// "redact" (the default: shipped logs carry no PLC values) or "keep".
    public var processValues = ProcessValues.redact.rawValue
    // [rules]
    /// A rule file or a directory of *.rules; empty: no signature detection.
    public var rulesPath = SensorConfiguration.defaultRulesPath
    /// Whether the file set rules.path: a configured file must exist, the
    /// default may be absent (suricata-update not installed yet).
    public var rulesPathConfigured = false
    /// A Suricata YAML file whose `vars:` override the rule variables.
    public var ruleVarsPath: String?
    // [upload]
    public var uploadURL: String?
    public var caFile: String?
    public var certificateFile: String?
    public var keyFile: String?
    public var timeoutSeconds: Double = 180
    public var keepSent = false
    // [retention]
    public var keepDays: Double = 365
    public var maxGigabytes: Double = 150

    public init() {}

    /// Problems that make the configuration unusable for any command.
    public func problems() -> [String] {
        var problems: [String] = []
        if !(1...3600).contains(rotateSeconds) { problems.append("capture.rotate must be 1...3600 seconds (is \(rotateSeconds))") }
        if !(64...262_144).contains(snaplen) { problems.append("capture.snaplen must be 64...262144 (is \(snaplen))") }
        if threads < 0 { problems.append("run.threads must be 0 (every core) or more (is \(threads))") }
        if !["tsv", "json"].contains(format) { problems.append("run.format must be 'tsv' or 'json' (is '\(format)')") }
        if !["native", "osect"].contains(layout) { problems.append("run.layout must be 'native' or 'osect' (is '\(layout)')") }
        if layout == "osect" && format == "json" { problems.append("run.layout 'osect' is a TSV framing: it needs run.format 'tsv'") }
        if ProcessValues(rawValue: processValues) == nil {
            problems.append("run.process_values must be 'redact' or 'keep' (is '\(processValues)')")
        }
        if LocalNetworks(argument: localNets) == nil { problems.append("run.local_nets '\(localNets)' is not 'none', 'zeekctl', 'private' or CIDRs") }
        if !ZstdFileWriter.levels.contains(Int32(clamping: zstdLevel)) { problems.append("run.zstd_level must be \(ZstdFileWriter.levels) (is \(zstdLevel))") }
        if timeoutSeconds <= 0 { problems.append("upload.timeout must be more than 0 seconds") }
        if keepDays <= 0 { problems.append("retention.keep_days must be more than 0") }
        if maxGigabytes <= 0 { problems.append("retention.max_gb must be more than 0") }
        if !["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) {
            problems.append("log_level must be trace, debug, info, notice, warning, error or critical (is '\(logLevel)')")
        }
        return problems
    }

    /// Problems with the rules settings: they stop `run` and fail `config check`,
    /// but not `send` or `clean`, which do not read rules.
    public func ruleProblems() -> [String] {
        var problems: [String] = []
        if rulesPathConfigured && !rulesPath.isEmpty && !FileManager.default.fileExists(atPath: rulesPath) {
            problems.append("rules.path: \(rulesPath) does not exist (set rules.path = \"\" to run without rules)")
        }
        if let ruleVarsPath, !FileManager.default.isReadableFile(atPath: ruleVarsPath) {
            problems.append("rules.vars: \(ruleVarsPath) is not a readable file")
        }
        return problems
    }

    /// The rules `run` matches: nil when rules.path is empty, or when it is
    /// the default and suricata-update has not written it.
    public var effectiveRulesPath: String? {
        if rulesPath.isEmpty { return nil }
        if !rulesPathConfigured && !FileManager.default.fileExists(atPath: rulesPath) { return nil }
        return rulesPath
    }

    /// Labels that work but may surprise: an empty one, or one that slice ids
    /// and file names write differently (`plant a/b` becomes `plant_a_b`).
    public func labelWarnings() -> [String] {
        if label.isEmpty { return ["label is empty: slice ids and uploads carry no sensor name"] }
        let written = SliceID.sanitized(label)
        guard written != label else { return [] }
        return ["label '\(label)' is written '\(written)' in slice ids and file names "
                + "(only ASCII letters, digits, '.', '_' and '-' are kept)"]
    }

    /// Problems that stop `send`: it needs an https URL and readable CA, certificate and key files.
    public func uploadProblems() -> [String] {
        var problems: [String] = []
        let parsed = uploadURL.flatMap { URLComponents(string: $0) }
        if parsed?.scheme != "https" || (parsed?.host ?? "").isEmpty {
            problems.append("upload.url must be an https:// URL (is \(redactedURL.map { "'\($0)'" } ?? "not set"))")
        }
        for (name, path) in [("upload.ca", caFile), ("upload.cert", certificateFile), ("upload.key", keyFile)] {
            guard let path else { problems.append("\(name) is not set"); continue }
            if !FileManager.default.isReadableFile(atPath: path) { problems.append("\(name): \(path) is not a readable file") }
        }
        return problems + secretProblems()
    }

    /// Secrets others can read, refused as ssh refuses a private key that is
    /// not the owner's alone: the client key proves the sensor to the server.
    public func secretProblems() -> [String] {
        var status = stat()
        guard let keyFile, stat(keyFile, &status) == 0, status.st_mode & 0o077 != 0 else { return [] }
        let mode = String(status.st_mode & 0o777, radix: 8)
        return ["upload.key: \(keyFile) can be read by others than its owner (mode \(mode)): run chmod 600 \(keyFile)"]
    }

    public var runSettings: RunSettings {
        RunSettings(threads: threads == 0 ? ProcessInfo.processInfo.activeProcessorCount : threads,
                    format: layout == "osect" ? .osect : (format == "json" ? .json : .zeekTSV),
                    localNetworks: LocalNetworks(argument: localNets) ?? .zeekctlDefault,
                    zstdLevel: Int32(clamping: zstdLevel), keepPcap: keepPcap,
                    processValues: ProcessValues(rawValue: processValues) ?? .redact, label: label)
    }

    public var uploadSettings: UploadSettings {
        UploadSettings(url: uploadURL ?? "", caFile: caFile ?? "", certificateFile: certificateFile ?? "",
                       keyFile: keyFile ?? "", timeout: timeoutSeconds, label: label, keepSent: keepSent)
    }

    public var retentionPolicy: RetentionPolicy { RetentionPolicy(keepDays: keepDays, maxGigabytes: maxGigabytes) }

    /// The upload URL without a password, should one be written into it.
    var redactedURL: String? {
        uploadURL.map(URLRedaction.redacted)
    }

    /// The effective settings as TOML. Key and certificate files appear by path only:
    /// nothing here reads them, so no secret can leak through this text.
    public func rendered() -> String {
        func quoted(_ value: String?) -> String {
            guard let value else { return "\"\"  # not set" }
            return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return """
            label = \(quoted(label))
            spool = \(quoted(spool))
            log_level = \(quoted(logLevel))

            [capture]
            interface = \(quoted(interface))
            rotate = \(rotateSeconds)
            snaplen = \(snaplen)
            filter = \(quoted(filter ?? ""))

            [run]
            threads = \(threads)
            format = \(quoted(format))
            layout = \(quoted(layout))
            local_nets = \(quoted(localNets))
            zstd_level = \(zstdLevel)
            keep_pcap = \(keepPcap)
            process_values = \(quoted(processValues))

            [rules]
            \(rulesPathConfigured ? "" : "# ")path = \(quoted(rulesPath))\(rulesPathConfigured ? "" : "  # the default: used when present")
            vars = \(quoted(ruleVarsPath ?? ""))

            [upload]
            url = \(quoted(redactedURL))
            ca = \(quoted(caFile))
            cert = \(quoted(certificateFile))
            key = \(quoted(keyFile))  # path only; the key's content is never read or shown
            timeout = \(timeoutSeconds)
            keep_sent = \(keepSent)

            [retention]
            keep_days = \(keepDays)
            max_gb = \(maxGigabytes)

            """
    }
}
