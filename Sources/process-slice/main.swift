import OTSensorCLI
import OTSensorCore

FileModes.restrictProcessUmask()
ProcessSliceCommand.main()
