/// One thing wrong with the configuration, at its key path (`connectors[1].auth.role_arn`).
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(_ path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path.isEmpty ? "(top level)" : path): \(message)" }
}

public enum ConfigError: Error, Sendable, CustomStringConvertible {
    case unreadable(path: String, detail: String)
    case invalid([ConfigProblem])
    case secretUnavailable(key: String, detail: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let detail):
            return "cannot read config \(path): \(detail)"
        case .invalid(let problems):
            let noun = problems.count == 1 ? "problem" : "problems"
            return "config has \(problems.count) \(noun):\n" + problems.map { "  \($0)" }.joined(separator: "\n")
        case .secretUnavailable(let key, let detail):
            return "\(key): \(detail)"
        }
    }
}
