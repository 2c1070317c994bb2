import FindingsCollector

/// `--log-level` and `--log-format`, which every command that logs accepts: parsed, and said, in one place.
enum LogOptions {
    static let valued: Set<String> = ["log-level", "log-format"]

    /// The options' lines for a command's `--help`.
    static let help = """
      --log-level   debug|info|warning|error, default info; logs go to stderr, one line per event
      --log-format  logfmt (default: time=… level=… msg="…" key=value) or json (one object per line)

    """

    static func logger(_ arguments: CommandArguments) throws -> Logger {
        let levelName = arguments.value("log-level") ?? "info"
        guard let level = Logger.Level.allCases.first(where: { "\($0)" == levelName }) else {
            throw UsageError("--log-level must be debug, info, warning or error")
        }
        let formatName = arguments.value("log-format") ?? LogFormat.logfmt.rawValue
        guard let format = LogFormat(rawValue: formatName) else {
            throw UsageError("--log-format must be logfmt or json")
        }
        return Logger(minimum: level, format: format)
    }
}
