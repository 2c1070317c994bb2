import Foundation

/// One-line logs on stderr, `time=2026-12-04T16:30:01.123Z level=info connector=prod msg="…" key=value`
/// (or one JSON object per line, see `LogFormat`).
/// Under systemd (JOURNAL_STREAM set) each line starts with `<N>` so journald records its priority, and
/// carries no time: journald stamps every line itself, so a second clock would only disagree with it.
/// Never pass a secret as a field: nothing here could tell it apart.
public struct Logger: Sendable {
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case debug, info, warning, error

        var name: String { ["debug", "info", "warning", "error"][rawValue] }
        var syslogPriority: Int { [7, 6, 4, 3][rawValue] }
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    let minimum: Level
    let format: LogFormat
    let context: [(String, String)]
    let underJournald: Bool
    let clock: @Sendable () -> Date
    let write: @Sendable (String) -> Void

    /// `clock` is injected so tests can expect exact lines.
    public init(minimum: Level = .info, format: LogFormat = .logfmt,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                clock: @escaping @Sendable () -> Date = { Date() },
                write: @escaping @Sendable (String) -> Void = Logger.standardError) {
        self.minimum = minimum
        self.format = format
        self.context = []
        self.underJournald = environment["JOURNAL_STREAM"] != nil
        self.clock = clock
        self.write = write
    }

    private init(copying other: Logger, adding field: (String, String)) {
        minimum = other.minimum
        format = other.format
        context = other.context + [field]
        underJournald = other.underJournald
        clock = other.clock
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
        write(format.line(time: underJournald ? nil : clock(), priority: underJournald ? level.syslogPriority : nil,
                          level: level.name, context: context, message: message,
                          fields: fields.map { ($0.0, "\($0.1)") }))
    }

    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(line.utf8))
    }
}
