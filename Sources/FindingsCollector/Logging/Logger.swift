import Foundation

/// One-line, journald-friendly logs on stderr: `level=info connector=prod msg="…" key=value`.
/// Under systemd (JOURNAL_STREAM set) each line starts with `<N>` so journald records its priority.
/// Never pass a secret as a field: nothing here could tell it apart.
public struct Logger: Sendable {
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case debug, info, warning, error

        var name: String { ["debug", "info", "warning", "error"][rawValue] }
        var syslogPriority: Int { [7, 6, 4, 3][rawValue] }
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    let minimum: Level
    let context: [(String, String)]
    let prefixPriority: Bool
    let write: @Sendable (String) -> Void

    public init(minimum: Level = .info, environment: [String: String] = ProcessInfo.processInfo.environment,
                write: @escaping @Sendable (String) -> Void = Logger.standardError) {
        self.minimum = minimum
        self.context = []
        self.prefixPriority = environment["JOURNAL_STREAM"] != nil
        self.write = write
    }

    private init(copying other: Logger, adding field: (String, String)) {
        minimum = other.minimum
        context = other.context + [field]
        prefixPriority = other.prefixPriority
        write = other.write
    }

    /// A logger whose lines all carry `key=value`, e.g. the connector name.
    public func with(_ key: String, _ value: String) -> Logger { Logger(copying: self, adding: (key, value)) }

    public func debug(_ message: String, _ fields: [(String, Any)] = []) { log(.debug, message, fields) }
    public func info(_ message: String, _ fields: [(String, Any)] = []) { log(.info, message, fields) }
    public func warning(_ message: String, _ fields: [(String, Any)] = []) { log(.warning, message, fields) }
    public func error(_ message: String, _ fields: [(String, Any)] = []) { log(.error, message, fields) }

    public func log(_ level: Level, _ message: String, _ fields: [(String, Any)]) {
        guard level >= minimum else { return }
        var line = prefixPriority ? "<\(level.syslogPriority)>" : ""
        line += "level=\(level.name)"
        for (key, value) in context { line += " \(key)=\(Logger.quoted(value))" }
        line += " msg=\(Logger.quoted(message))"
        for (key, value) in fields { line += " \(key)=\(Logger.quoted("\(value)"))" }
        write(line + "\n")
    }

    /// Quotes values with spaces or quotes; folds newlines so one event stays one line.
    static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
        guard needsQuotes else { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\r\n", with: "\\n")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }

    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(line.utf8))
    }
}
