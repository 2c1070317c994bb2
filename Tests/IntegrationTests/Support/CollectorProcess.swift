import Foundation
import XCTest

/// Runs the real `findings-collector` binary built next to the test bundle.
struct CollectorProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs to completion (or `timeout`), capturing both streams.
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 60) throws -> Result {
        let process = try start(arguments, environment: environment)
        let deadline = Date().addingTimeInterval(timeout)
        while process.process.isRunning, Date() < deadline { usleep(20_000) }
        if process.process.isRunning {
            process.process.terminate()
            XCTFail("findings-collector \(arguments.first ?? "") did not finish within \(timeout) s")
        }
        process.process.waitUntilExit()
        return process.result()
    }

    let process: Process
    private let stdoutFile: URL
    private let stderrFile: URL

    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> CollectorProcess {
        let bundleDirectory = Bundle.main.bundleURL.deletingLastPathComponent()
        let candidates = [bundleDirectory.appendingPathComponent("findings-collector"),
                          URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                              .appendingPathComponent("findings-collector")]
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw CollectorBinaryMissing(paths: candidates.map(\.path))
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("collector-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stdoutFile = directory.appendingPathComponent("stdout")
        let stderrFile = directory.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        // A clean environment: nothing of the developer's AWS setup may leak into a test.
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path,
                   "AWS_EC2_METADATA_DISABLED": "true"]
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        try process.run()
        return CollectorProcess(process: process, stdoutFile: stdoutFile, stderrFile: stderrFile)
    }

    /// Only once the process has exited (Foundation traps on the status of a running process).
    func result() -> Result {
        Result(status: process.terminationStatus, stdout: stdoutText, stderr: stderrText)
    }

    /// What the process wrote so far; safe while it runs.
    var stderrText: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }
    var stdoutText: String { (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "" }
}

struct CollectorBinaryMissing: Error, CustomStringConvertible {
    let paths: [String]
    var description: String {
        "findings-collector binary not found (looked at \(paths)): `swift build --build-tests` builds it with the tests"
    }
}
