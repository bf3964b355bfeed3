import ArgumentParser
import Foundation
import OTSensorCore
import OTSensorSignatures

/// Rule files, variables and the compiled-rules cache as every command that
/// loads rules takes them (process-slice, reprocess, run, rules check).
enum RuleLoader {
    /// The rules of `paths` with the variables of `variablesFile` (Suricata
    /// YAML), through the cache in `cacheDirectory` when there is one.
    static func load(paths: [String], variablesFile: String?, cacheDirectory: String?) throws -> RuleSet {
        let variables = try self.variables(variablesFile)
        let files = try ruleFiles(paths)
        guard let cacheDirectory else { return try RuleSet.load(files: files, variables: variables) }
        return try RuleCache(directory: cacheDirectory, engineVersion: OTSensorVersion.current)
            .load(files: files, variables: variables)
    }

    static func variables(_ file: String?) throws -> RuleVariables {
        guard let file else { return .defaults }
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ValidationError("--rule-vars: \(file) cannot be read: \(error.localizedDescription)")
        }
        do {
            return try RuleVariables.loading(yaml: text)
        } catch {
            throw ValidationError("--rule-vars: \(file): \(error)")
        }
    }

    /// Files as given; a directory contributes its `*.rules`, in name order.
    static func ruleFiles(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("--rules: \(path) does not exist")
            }
            if isDirectory.boolValue {
                files += try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".rules") }
                    .sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return files
    }

    /// `$XDG_CACHE_HOME/otsensor/rules`, else `~/.cache/otsensor/rules`; nil
    /// without a home directory.
    static func defaultCacheDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/otsensor/rules" }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return home + "/.cache/otsensor/rules"
    }

    static func describe(_ cache: RuleSet.CacheState) -> String {
        switch cache {
        case .off: "compiled, no cache"
        case .warm: "from the compiled-rules cache"
        case .cold(let why): "compiled; cache: \(why)"
        }
    }

    static func writer(layout: LayoutArgument) -> EveWriter {
        guard layout == .osect else { return EveWriter() }
        return EveWriter(layout: .osect, host: ProcessInfo.processInfo.hostName, utcOffset: { nanoseconds in
            TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: Double(nanoseconds) / 1e9))
        })
    }
}
