import Foundation

/// Finds and runs the command-line tools some tests need; a missing tool is a test failure
/// naming the tool and the setup script, never a skip.
enum ExternalTool {
    struct Missing: Error, CustomStringConvertible {
        let name: String
        var description: String { "'\(name)' not found on PATH: run `bash .ci/setup` first" }
    }

    struct Failed: Error, CustomStringConvertible {
        let command: String
        let output: String
        var description: String { "\(command) failed: \(output)" }
    }

    static func path(of name: String) throws -> String {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for directory in directories {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Missing(name: name)
    }

    /// Runs the tool to completion in `directory`; throws with its output when it exits non-zero.
    static func run(_ name: String, _ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path(of: name))
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(command: "\(name) \(arguments.joined(separator: " "))", output: String(decoding: data, as: UTF8.self))
        }
    }
}
