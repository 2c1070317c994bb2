import Foundation

/// Where a secret comes from. Inline values work but the environment or a file keeps them out of the config.
public enum SecretSource: Sendable, Equatable {
    case inline(String)
    case environment(variable: String)
    case file(path: String)

    /// Reads the secret. Errors name the key and the variable or file — never the value.
    public func resolve(key: String, environment: [String: String]) throws -> String {
        switch self {
        case .inline(let value):
            return value
        case .environment(let variable):
            guard let value = environment[variable], !value.isEmpty else {
                throw ConfigError.secretUnavailable(key: key, detail: "environment variable \(variable) is not set or empty")
            }
            return value
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigError.secretUnavailable(key: key, detail: "cannot read file \(path) (check that it exists and that the service user may read it)")
            }
            let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else {
                throw ConfigError.secretUnavailable(key: key, detail: "file \(path) is empty")
            }
            return value
        }
    }
}
