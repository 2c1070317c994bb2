import Foundation

/// The AWS shared config/credentials file format: `[section]` headers, `key = value` lines, `#` and `;`
/// comments. Indented lines continue the previous key (the SDKs use that for nested settings such as
/// `s3 =`); they are kept but we never need them. Later duplicates win, as in the SDKs.
struct INIFile: Sendable, Equatable {
    /// Section name (as written between the brackets, trimmed) to its keys (lowercased) and values.
    private(set) var sections: [String: [String: String]] = [:]

    init(parsing text: String) {
        var current: String?
        var lastKey: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("[") {
                current = INIFile.sectionName(trimmed)
                if let name = current, sections[name] == nil { sections[name] = [:] }
                lastKey = nil
                continue
            }
            guard let section = current else { continue }  // keys before any section mean nothing
            if line.first == " " || line.first == "\t", let key = lastKey {
                sections[section]?[key, default: ""] += "\n" + INIFile.stripComment(trimmed)
                continue
            }
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = INIFile.stripComment(String(trimmed[trimmed.index(after: equals)...]))
            guard !key.isEmpty else { continue }
            sections[section]?[key] = value
            lastKey = key
        }
    }

    /// The keys of one section, or nil when the file has no such section.
    func section(_ name: String) -> [String: String]? {
        sections[name]
    }

    private static func sectionName(_ header: String) -> String? {
        guard let close = header.lastIndex(of: "]") else { return nil }
        let inner = header[header.index(after: header.startIndex)..<close]
        // Collapse "profile   name" to "profile name": the SDKs accept any run of blanks there.
        let words = inner.split(whereSeparator: { $0 == " " || $0 == "\t" })
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// A comment after a value must follow whitespace (`key = v # note`); keys and secrets never contain
    /// blanks, so this cannot cut a real value.
    private static func stripComment(_ value: String) -> String {
        var result = Substring(value)
        for marker in [" #", "\t#", " ;", "\t;"] {
            if let range = result.range(of: marker) { result = result[..<range.lowerBound] }
        }
        return result.trimmingCharacters(in: .whitespaces)
    }
}
