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
        // For the fuzz targets in Fuzz/, a separate package that depends on this one by path.
        .library(name: "OTSensorCore", targets: ["OTSensorCore"]),
        .library(name: "OTSensorCLI", targets: ["OTSensorCLI"]),
        .library(name: "OTSensorSignatures", targets: ["OTSensorSignatures"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CPcap",
            pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"])]
        ),
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CPcre2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .target(name: "CPrefetch"),
        // The Suricata-rule engine: its own input types, so the slice pipeline
        // (or anything else) feeds it without it knowing OTSensorCore.
        // Crypto: SHA-256 keys and checksums of the compiled-rules cache.
        .target(name: "OTSensorSignatures",
                dependencies: ["CPcre2", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "OTSensorCore",
            dependencies: [
                "CPcap",
                "CPrefetch",
                "CZstd",
                "CZlib",
                "OTSensorSignatures",
                .product(name: "Crypto", package: "swift-crypto"),
                // AES's block function, for QUIC's header protection.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The per-packet path mutates class-held state (analyzer sessions,
            // row buffers) millions of times a slice; release builds skip the
            // dynamic exclusivity bookkeeping (5% of an S7-heavy run, by perf).
            // Debug builds, which `swift test` uses, keep every check, and
            // OTSENSOR_CHECKED_RELEASE=1 keeps them in a release build, so that
            // `scripts/sanitize.sh exclusivity` shows the flag hides no bug.
            swiftSettings: Context.environment["OTSENSOR_CHECKED_RELEASE"] == nil
                ? [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))] : []
        ),
        // The HTTPS upload lives apart from OTSensorCore so that the core library and its
        // tests build without the SwiftNIO stack.
        .target(
            name: "OTSensorUplink",
            dependencies: [
                "OTSensorCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "OTSensorCLI",
            dependencies: [
                "OTSensorCore",
                "OTSensorSignatures",
                "OTSensorUplink",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .target(name: "CaptureGenerator"),
        .executableTarget(
            name: "otsensor",
            dependencies: ["OTSensorCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "process-slice", dependencies: ["OTSensorCLI"]),
        .executableTarget(
            name: "capture-gen",
            dependencies: [
                "CaptureGenerator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "pcap-bare-read", dependencies: ["CPcap", "OTSensorCore"]),
        .testTarget(
            name: "OTSensorCoreTests",
            dependencies: ["OTSensorCore", "CaptureGenerator"]
        ),
        .testTarget(
            name: "OTSensorSignaturesTests",
            dependencies: ["OTSensorSignatures"]
        ),
        .testTarget(
            name: "CaptureGeneratorTests",
            dependencies: ["CaptureGenerator"]
        ),
        .testTarget(
            name: "OTSensorUplinkTests",
            dependencies: ["OTSensorUplink", "OTSensorCore", "CaptureGenerator"]
        ),
        .testTarget(
            name: "OTSensorCLITests",
            dependencies: ["OTSensorCLI", "OTSensorCore"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["OTSensorCore", "CaptureGenerator"]
        ),
    ]
)
