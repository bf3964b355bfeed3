import Foundation

/// tshark, the independent dissector the protocol tests check otsensor's rows against.
enum TsharkOracle {
    static let path = "/usr/bin/tshark"

    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Runs tshark with `arguments` and returns its standard output.
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FlowTestError("tshark failed (\(process.terminationStatus)): \(errors)")
        }
        return text
    }
}
