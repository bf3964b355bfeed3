import ArgumentParser
import OTSensorCLI

/// `send` is asynchronous (the upload client), so the root command runs through
/// AsyncParsableCommand's entry point.
@main
enum OTSensorMain {
    static func main() async {
        await OTSensorCommand.main()
    }
}
