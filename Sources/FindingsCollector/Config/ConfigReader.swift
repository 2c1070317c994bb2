import JSONBytes

/// Collects every configuration problem, so `check-config` can report them all at once.
final class ProblemCollector {
    private(set) var problems: [ConfigProblem] = []
    func add(_ path: String, _ message: String) { problems.append(ConfigProblem(path, message)) }
}

/// Reads typed values out of one JSON object of the config, recording each problem under its key path.
/// Keys that were never asked for are reported by `rejectUnknownKeys()` (a typo must not pass silently).
final class ConfigReader {
    let path: String
    let value: JSONValue
    let problems: ProblemCollector
    private var askedKeys: Set<String> = []

    init(path: String, value: JSONValue, problems: ProblemCollector) {
        self.path = path
        self.value = value
        self.problems = problems
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func report(_ key: String, _ message: String) { problems.add(keyPath(key), message) }

    private func member(_ key: String) -> JSONValue? {
        askedKeys.insert(key)
        guard let member = value[key], !member.isNull else { return nil }
        return member
    }

    func has(_ key: String) -> Bool { value[key].map { !$0.isNull } ?? false }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let member = member(key) else {
            if required { report(key, "missing (required)") }
            return nil
        }
        guard let text = member.string else {
            report(key, "must be a string")
            return nil
        }
        if text.isEmpty {
            report(key, "must not be empty")
            return nil
        }
        return text
    }

    func int(_ key: String, default fallback: Int, range: ClosedRange<Int>) -> Int {
        guard let member = member(key) else { return fallback }
        guard let number = member.double, number.rounded() == number, let whole = Int(exactly: number) else {
            report(key, "must be a whole number")
            return fallback
        }
        guard range.contains(whole) else {
            report(key, "must be between \(range.lowerBound) and \(range.upperBound), got \(whole)")
            return fallback
        }
        return whole
    }

    func double(_ key: String, default fallback: Double, range: ClosedRange<Double>) -> Double {
        guard let member = member(key) else { return fallback }
        guard let number = member.double else {
            report(key, "must be a number")
            return fallback
        }
        guard range.contains(number) else {
            report(key, "must be between \(range.lowerBound) and \(range.upperBound), got \(number)")
            return fallback
        }
        return number
    }

    func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let member = member(key) else { return fallback }
        guard let flag = member.bool else {
            report(key, "must be true or false")
            return fallback
        }
        return flag
    }

    func stringArray(_ key: String) -> [String]? {
        guard let member = member(key) else { return nil }
        guard member.kind == .array else {
            report(key, "must be a list of strings")
            return nil
        }
        var strings: [String] = []
        for (index, element) in member.elements.enumerated() {
            guard let text = element.string, !text.isEmpty else {
                problems.add("\(keyPath(key))[\(index)]", "must be a non-empty string")
                continue
            }
            strings.append(text)
        }
        return strings
    }

    /// A value of a closed set, e.g. `protocol`: udp | tcp. The error lists what is accepted.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, default fallback: T?) -> T? where T.RawValue == String {
        choice(key, default: fallback, among: Array(T.allCases))
    }

    func choice<T: RawRepresentable>(_ key: String, default fallback: T?, among allowed: [T]) -> T? where T.RawValue == String {
        guard let text = string(key, required: fallback == nil) else { return fallback }
        guard let chosen = T(rawValue: text) else {
            report(key, "unknown value \"\(text)\"; use one of: \(allowed.map(\.rawValue).joined(separator: ", "))")
            return fallback
        }
        return chosen
    }

    func object(_ key: String, required: Bool = false) -> ConfigReader? {
        guard let member = member(key) else {
            if required { report(key, "missing (required)") }
            return nil
        }
        guard member.kind == .object else {
            report(key, "must be an object")
            return nil
        }
        return ConfigReader(path: keyPath(key), value: member, problems: problems)
    }

    /// Raw JSON of an object member, passed through as it is (e.g. Inspector2 filterCriteria).
    func rawObject(_ key: String) -> [UInt8]? {
        guard let member = member(key) else { return nil }
        guard member.kind == .object else {
            report(key, "must be an object")
            return nil
        }
        return Array(member.rawBytes)
    }

    func objectArray(_ key: String, required: Bool = false) -> [ConfigReader] {
        guard let member = member(key) else {
            if required { report(key, "missing (required)") }
            return []
        }
        guard member.kind == .array else {
            report(key, "must be a list")
            return []
        }
        var readers: [ConfigReader] = []
        for (index, element) in member.elements.enumerated() {
            let elementPath = "\(keyPath(key))[\(index)]"
            guard element.kind == .object else {
                problems.add(elementPath, "must be an object")
                continue
            }
            readers.append(ConfigReader(path: elementPath, value: element, problems: problems))
        }
        return readers
    }

    /// A secret given as `key` (inline), `key_env` (environment variable name) or `key_file` (path): one of them.
    func secret(_ key: String, required: Bool = false) -> SecretSource? {
        let inline = string(key)
        let variable = string("\(key)_env")
        let file = string("\(key)_file")
        let given = [inline.map(SecretSource.inline), variable.map { SecretSource.environment(variable: $0) },
                     file.map { SecretSource.file(path: $0) }].compactMap { $0 }
        if given.count > 1 {
            report(key, "give only one of \(key), \(key)_env, \(key)_file")
        }
        if given.isEmpty && required {
            report(key, "missing: set \(key)_env (environment variable) or \(key)_file (path), or \(key) inline")
        }
        return given.first
    }

    /// Reports keys this reader never asked for, with the nearest known key as a hint.
    func rejectUnknownKeys() {
        for (key, _) in value.members where !askedKeys.contains(key) {
            let hint = askedKeys.min { editDistance(key, $0) < editDistance(key, $1) }
            if let hint, editDistance(key, hint) <= 3 {
                report(key, "unknown key; did you mean \"\(hint)\"?")
            } else {
                report(key, "unknown key")
            }
        }
    }
}

/// Levenshtein distance, for "did you mean" hints on misspelt keys.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.utf8), b = Array(b.utf8)
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(b.count, 1) where !b.isEmpty {
            current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
}
