/// The words after the subcommand: `--name value` options, `--flag` switches, and positional arguments.
struct CommandArguments {
    private(set) var options: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positional: [String] = []

    /// `valued` lists the options that take a value; anything else starting with `--` is a switch.
    init(_ words: [String], valued: Set<String>) throws {
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            guard word.hasPrefix("--") else {
                positional.append(word)
                continue
            }
            if let equals = word.firstIndex(of: "=") {
                let name = String(word[word.index(word.startIndex, offsetBy: 2)..<equals])
                guard valued.contains(name) else { throw UsageError("unknown option --\(name)") }
                options[name] = String(word[word.index(after: equals)...])
                continue
            }
            let name = String(word.dropFirst(2))
            if valued.contains(name) {
                guard index < words.count else { throw UsageError("--\(name) needs a value") }
                options[name] = words[index]
                index += 1
            } else {
                flags.insert(name)
            }
        }
    }

    func has(_ flag: String) -> Bool { flags.contains(flag) }

    func value(_ name: String) -> String? { options[name] }

    func required(_ name: String) throws -> String {
        guard let value = options[name] else { throw UsageError("missing --\(name)") }
        return value
    }

    func integer(_ name: String, default fallback: Int) throws -> Int {
        guard let text = options[name] else { return fallback }
        guard let number = Int(text) else { throw UsageError("--\(name) must be a whole number, got \(text)") }
        return number
    }

    /// Rejects switches the subcommand does not know, so a typo is not silently ignored.
    func rejectUnknownFlags(allowed: Set<String>) throws {
        if let unknown = flags.subtracting(allowed).subtracting(["help"]).sorted().first {
            throw UsageError("unknown option --\(unknown)")
        }
    }
}

struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
