// swift-tools-version:6.0
// No package dependencies by design: the toolchain plus the system's OpenSSL and libcurl.
import PackageDescription

let package = Package(
    name: "findings-collector",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "findings-collector", targets: ["findings-collector"]),
    ],
    targets: [
        // System C libraries, reached through module maps.
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),

        // Focused modules: each builds and tests on its own, so incremental builds stay fast.
        .target(name: "JSONBytes"),
        .target(name: "HTTP", dependencies: ["CCurl"]),
        .target(name: "AWS", dependencies: ["COpenSSL", "HTTP", "JSONBytes"]),
        .target(name: "Syslog", dependencies: ["COpenSSL"]),
        .target(name: "FindingsCollector",
                dependencies: ["JSONBytes", "HTTP", "AWS", "Syslog"]),
        // Test doubles of the scanners' APIs and the demo: `simulate`, `demo`, the tests and the benchmark use
        // them; the collector library ships none.
        .target(name: "Simulator", dependencies: ["FindingsCollector", "JSONBytes", "HTTP", "AWS", "Syslog"]),
        .executableTarget(name: "findings-collector", dependencies: ["FindingsCollector", "Simulator", "HTTP"]),
        // The throughput benchmark (issue 4): `swift build -c release --product findings-bench`.
        .executableTarget(name: "findings-bench",
                          dependencies: ["FindingsCollector", "Simulator", "JSONBytes", "Syslog", "HTTP", "AWS"]),

        .testTarget(name: "JSONBytesTests", dependencies: ["JSONBytes"]),
        // What several test targets need: external tools located and run, a throw-away PKI, loopback ports.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport"]),
        // Starts moto_server and sets up an IAM user and role in it; shared by the AWS and integration tests.
        .target(name: "MotoSupport", dependencies: ["AWS", "HTTP", "TestSupport"], path: "Tests/MotoSupport"),
        .testTarget(name: "AWSTests", dependencies: ["AWS", "HTTP", "MotoSupport"]),
        .testTarget(name: "SyslogTests", dependencies: ["Syslog"]),
        .testTarget(name: "FindingsCollectorTests",
                    dependencies: ["FindingsCollector", "Simulator", "JSONBytes", "HTTP", "AWS", "Syslog", "TestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "IntegrationTests",
                    dependencies: ["FindingsCollector", "Simulator", "Syslog", "AWS", "HTTP", "JSONBytes", "MotoSupport", "TestSupport"]),
    ]
)
