import Foundation

/// Runs a command-line tool tests rely on (openssl, dpkg-deb, systemd-analyze, python3, moto_server).
/// A missing tool fails the test with what installs it: it is a set-up bug, never a reason to skip.
public enum ExternalTool {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    public struct Missing: Error, CustomStringConvertible {
        public let tool: String
        public let installHint: String
        public var description: String { "\(tool) not found on PATH: \(installHint)" }
    }

    public struct Failed: Error, CustomStringConvertible {
        public let command: String
        public let result: Result
        public init(command: String, result: Result) {
            self.command = command
            self.result = result
        }
        public var description: String { "\(command) exited \(result.status)\nstdout: \(result.stdout)\nstderr: \(result.stderr)" }
    }

    /// The tool's absolute path, searched on PATH (and the sbin directories).
    public static func locate(_ tool: String, installHint: String = "run `bash .ci/setup test`") throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"] {
            let candidate = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Missing(tool: tool, installHint: installHint)
    }

    /// Runs `tool arguments…` to completion, feeding `input` on stdin; output files avoid pipe deadlocks.
    @discardableResult
    public static func run(_ tool: String, _ arguments: [String], input: String? = nil, directory: URL? = nil,
                    environment: [String: String]? = nil, installHint: String = "run `bash .ci/setup test`",
                    requireSuccess: Bool = true) throws -> Result {
        let executable = tool.hasPrefix("/") ? tool : try locate(tool, installHint: installHint)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let files = ["stdin", "stdout", "stderr"].map { scratch.appendingPathComponent($0) }
        _ = FileManager.default.createFile(atPath: files[0].path, contents: Data((input ?? "").utf8))
        _ = FileManager.default.createFile(atPath: files[1].path, contents: nil)
        _ = FileManager.default.createFile(atPath: files[2].path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        process.standardInput = try FileHandle(forReadingFrom: files[0])
        process.standardOutput = try FileHandle(forWritingTo: files[1])
        process.standardError = try FileHandle(forWritingTo: files[2])
        try process.run()
        process.waitUntilExit()
        let result = Result(status: process.terminationStatus,
                            stdout: (try? String(contentsOf: files[1], encoding: .utf8)) ?? "",
                            stderr: (try? String(contentsOf: files[2], encoding: .utf8)) ?? "")
        if requireSuccess, result.status != 0 {
            throw Failed(command: ([tool] + arguments).joined(separator: " "), result: result)
        }
        return result
    }
}
