import ArgumentParser
import Dispatch
import OTSensorCLI
import OTSensorCore

/// A synchronous entry point, so that the main thread stays an ordinary thread: under
/// Swift's async main, libdispatch parks the main thread inside pthread_exit, where
/// glibc's setuid no longer reaches it, and `capture --user` left that thread root.
/// Synchronous commands run on the main thread; async ones (send, which uses the
/// upload client) run in a task while the main thread drains the main queue.
@main
enum OTSensorMain {
    static func main() {
        FileModes.restrictProcessUmask()
        do {
            var command = try OTSensorCommand.parseAsRoot()
            if let asyncCommand = command as? AsyncParsableCommand {
                // The main thread drains the main queue, as the async main does: async
                // code may need the main actor. The task exits the process when done.
                let outcome = AsyncOutcome(asyncCommand)
                Task {
                    await outcome.run()
                    if let error = outcome.error { OTSensorCommand.exit(withError: error) }
                    OTSensorCommand.exit()
                }
                dispatchMain()
            } else {
                try command.run()
            }
        } catch {
            OTSensorCommand.exit(withError: error)
        }
    }
}

/// An async command and how it ended, used by its task alone.
private final class AsyncOutcome: @unchecked Sendable {
    private var command: AsyncParsableCommand
    private(set) var error: Error?

    init(_ command: AsyncParsableCommand) { self.command = command }

    func run() async {
        do { try await command.run() } catch { self.error = error }
    }
}
