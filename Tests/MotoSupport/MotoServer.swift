import Foundation
import Glibc
import HTTP
import TestSupport

/// A `moto_server` (the moto AWS emulator) on a free loopback port, for tests against a real peer that
/// checks SigV4 signatures. moto lets the first `unauthenticatedActions` calls through without checking
/// them (INITIAL_NO_AUTH_ACTION_COUNT), which is how a test creates the IAM users, keys and roles it then
/// uses with authentication on. Requires `bash .ci/setup` (pip moto[server]).
public final class MotoServer: @unchecked Sendable {
    // @unchecked Sendable: `process` is only started in init and terminated in `stop()`; Process
    // serialises its own state.
    public let port: Int
    public let logPath: String
    private let process: Process

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts the server and returns once it accepts connections (at most `timeout` seconds).
    public init(unauthenticatedActions: Int, timeout: TimeInterval = 20) throws {
        let executable = try ExternalTool.locate("moto_server", installHint: "run `bash .ci/setup` (installs moto[server])")
        port = try LoopbackPort.free()
        logPath = NSTemporaryDirectory() + "moto-\(port).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment["INITIAL_NO_AUTH_ACTION_COUNT"] = String(unauthenticatedActions)
        environment["MOTO_ALLOW_NONEXISTENT_REGION"] = "false"
        process.environment = environment
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        try waitUntilListening(timeout: timeout)
    }

    /// Kills the server and waits for it to exit. SIGKILL, not SIGTERM: the child inherits the test
    /// process's blocked-signal mask, in which SIGTERM is blocked, so `terminate()` would never end it.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }

    /// The server's log, for failure messages.
    public var log: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "(no log)"
    }

    private func waitUntilListening(timeout: TimeInterval) throws {
        let deadline = Date() + timeout
        while Date() < deadline {
            guard process.isRunning else {
                throw StartError(description: "moto_server exited with \(process.terminationStatus):\n\(log)")
            }
            if LoopbackPort.acceptsConnections(port) { return }
            usleep(50_000)
        }
        stop()
        throw StartError(description: "moto_server did not listen on \(port) within \(Int(timeout)) s:\n\(log)")
    }
}
