import Foundation

/// The samples of a Prometheus text exposition, as `status` reads them from the daemon's /metrics.
/// Only what our own endpoint writes needs to be understood: `name{label="value",…} number` lines and comments.
struct ScrapedMetrics {
    struct Sample {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    let samples: [Sample]

    init(text: String) {
        samples = text.split(separator: "\n").compactMap(Self.sample)
    }

    /// The sum over the series of `name` whose labels include `matching`; nil when there is no such series.
    func sum(_ name: String, _ matching: [String: String]) -> Double? {
        let values = series(name, matching).map(\.value)
        return values.isEmpty ? nil : values.reduce(0, +)
    }

    /// The series of `name` whose labels include every pair of `matching`.
    func series(_ name: String, _ matching: [String: String]) -> [Sample] {
        samples.filter { sample in
            sample.name == name && matching.allSatisfy { sample.labels[$0.key] == $0.value }
        }
    }

    private static func sample(_ line: Substring) -> Sample? {
        let line = line.drop { $0 == " " }
        guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
        guard let nameEnd = line.firstIndex(where: { $0 == "{" || $0 == " " }) else { return nil }
        var labels: [String: String] = [:]
        var rest = line[nameEnd...]
        if rest.hasPrefix("{") {
            guard let (parsed, after) = Self.labels(rest.dropFirst()) else { return nil }
            labels = parsed
            rest = after
        }
        // A value may be followed by a timestamp; our endpoint writes none, others may.
        guard let token = rest.split(separator: " ").first, let value = Self.number(token) else { return nil }
        return Sample(name: String(line[..<nameEnd]), labels: labels, value: value)
    }

    /// Reads `a="x",b="y"}` (label values may escape `\\`, `\"` and `\n`); returns the labels and what follows `}`.
    private static func labels(_ text: Substring) -> ([String: String], Substring)? {
        var labels: [String: String] = [:]
        var rest = text
        while true {
            rest = rest.drop { $0 == " " || $0 == "," }
            if rest.hasPrefix("}") { return (labels, rest.dropFirst()) }
            guard let equals = rest.firstIndex(of: "="), rest[rest.index(after: equals)...].hasPrefix("\"") else { return nil }
            let key = String(rest[..<equals]).trimmingCharacters(in: [" "])
            var value = ""
            var escaped = false
            var index = rest.index(equals, offsetBy: 2)
            while index < rest.endIndex {
                let character = rest[index]
                if escaped {
                    value.append(character == "n" ? "\n" : character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    break
                } else {
                    value.append(character)
                }
                index = rest.index(after: index)
            }
            guard index < rest.endIndex else { return nil }
            labels[key] = value
            rest = rest[rest.index(after: index)...]
        }
    }

    private static func number(_ token: Substring) -> Double? {
        switch token {
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        case "NaN": return .nan
        default: return Double(token)
        }
    }
}
