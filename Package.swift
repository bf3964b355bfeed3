// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "otsensor",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "otsensor", targets: ["otsensor"]),
        .executable(name: "process-slice", targets: ["process-slice"]),
        .executable(name: "capture-gen", targets: ["capture-gen"]),
        .executable(name: "pcap-bare-read", targets: ["pcap-bare-read"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CPcap",
            pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"])]
        ),
        .target(
            name: "OTSensorCore",
            dependencies: [
                "CPcap",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "OTSensorCLI",
            dependencies: [
                "OTSensorCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "CaptureGenerator"),
        .executableTarget(name: "otsensor", dependencies: ["OTSensorCLI"]),
        .executableTarget(name: "process-slice", dependencies: ["OTSensorCLI"]),
        .executableTarget(
            name: "capture-gen",
            dependencies: [
                "CaptureGenerator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "pcap-bare-read", dependencies: ["CPcap"]),
        .testTarget(
            name: "OTSensorCoreTests",
            dependencies: ["OTSensorCore", "CaptureGenerator"]
        ),
        .testTarget(
            name: "CaptureGeneratorTests",
            dependencies: ["CaptureGenerator"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["OTSensorCore", "CaptureGenerator"]
        ),
    ]
)
