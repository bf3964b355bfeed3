import OTSensorCLI

ProcessSliceCommand.main()
