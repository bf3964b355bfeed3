import Foundation

/// Reads system files and runs read-only system commands for a support bundle. A
/// missing file or command becomes a note in the text rather than a failure: a bundle
/// from a half-broken box is the one most needed.
public struct SystemProbe: Sendable {
    public var commandTimeout: TimeInterval = 10
    private static let searchPath = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]

    public init() {}

    public func file(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "(\(path): not readable)\n" }
        return "== \(path)\n" + String(decoding: data, as: UTF8.self)
    }

    public func command(_ name: String, _ arguments: [String]) -> String {
        let header = "== \(([name] + arguments).joined(separator: " "))\n"
        guard let executable = Self.searchPath.map({ "\($0)/\(name)" }).first(where: FileManager.default.isExecutableFile) else {
            return header + "(\(name) is not installed)\n"
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return header + "(could not start \(executable): \(error.localizedDescription))\n"
        }
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + commandTimeout, execute: timer)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        let status = process.terminationStatus == 0 ? "" : "(exit status \(process.terminationStatus))\n"
        return header + String(decoding: data, as: UTF8.self) + status
    }

    /// Size and free space of the file system holding `path`.
    public func freeSpace(_ path: String) -> String {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return "(\(path): statvfs failed: \(String(cString: strerror(errno))))\n" }
        let block = UInt64(stats.f_frsize)
        return "\(path): \(UInt64(stats.f_blocks) * block) bytes, \(UInt64(stats.f_bavail) * block) available\n"
    }
}
