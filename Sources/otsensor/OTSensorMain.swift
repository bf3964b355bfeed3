import ArgumentParser
import OTSensorCLI
import OTSensorCore

/// `send` is asynchronous (the upload client), so the root command runs through
/// AsyncParsableCommand's entry point.
@main
enum OTSensorMain {
    static func main() async {
        FileModes.restrictProcessUmask()
        await OTSensorCommand.main()
    }
}
