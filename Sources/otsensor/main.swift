import OTSensorCLI

OTSensorCommand.main()
