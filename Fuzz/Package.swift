// swift-tools-version:6.0
// libFuzzer targets for otsensor's parsers, kept apart from the main package so that its
// build does not change. Build and run them with scripts/fuzz.sh (see README.md, "Fuzzing").
import PackageDescription

/// Every fuzz target: one executable each, named after what it feeds.
let targets: [(name: String, dependencies: [Target.Dependency])] = [
    ("fuzz-tpkt-s7", []),
    ("fuzz-s7plus", []),
    ("fuzz-cclink-iefb", []),
    ("fuzz-cclink-ie", []),
    ("fuzz-dhcp", []),
    ("fuzz-dhcpv6", []),
    ("fuzz-nbns", []),
    ("fuzz-browser", []),
    ("fuzz-ssdp", []),
    ("fuzz-arp-nd", []),
    ("fuzz-p0f-packet", []),
    ("fuzz-p0f-db", []),
    ("fuzz-config", [.product(name: "OTSensorCLI", package: "otsensor")]),
    ("fuzz-decoder", []),
    ("fuzz-capture", []),
    ("fuzz-http", []),
    ("fuzz-dns", []),
    ("fuzz-recognizers", []),
    ("fuzz-rules", [.product(name: "OTSensorSignatures", package: "otsensor")]),
]

/// The main package. scripts/fuzz.sh builds a copy of this package from Fuzz/.build (so that its
/// identity, its directory's name, never equals the main package's: a checkout named "fuzz"
/// would otherwise collide with this "Fuzz" directory) and names the main package here.
let otsensorPath = Context.environment["OTSENSOR_PACKAGE_PATH"] ?? ".."

let package = Package(
    name: "otsensor-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "otsensor", path: otsensorPath)],
    targets: [
        // What the targets share: the input's record format, connections, emitting rows.
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer", .product(name: "OTSensorCore", package: "otsensor")]),
    ] + targets.map { target in
        .executableTarget(
            name: target.name,
            dependencies: ["FuzzSupport", .product(name: "OTSensorCore", package: "otsensor")] + target.dependencies,
            path: "Sources/\(target.name)"
        )
    }
)
