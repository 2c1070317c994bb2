/// The Insight Platform API key. Its text is reachable only through `headerValue`, so that interpolating a
/// client, a settings value or an error into a log line can never print it.
struct Rapid7APIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    let headerValue: String

    init(_ value: String) { headerValue = value }

    var description: String { "<redacted>" }
    var debugDescription: String { "<redacted>" }
}
