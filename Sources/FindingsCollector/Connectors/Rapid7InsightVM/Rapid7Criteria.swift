/// Builds Rapid7 search criteria strings (the `asset` and `vulnerability` members of a search body).
///
/// The API reference's "Search Criteria" section writes conditions as `field operator value`, joined with
/// `&&`, timestamps quoted (`last_scan_end >= '2025-09-13T00:02:01Z'`) and lists in brackets
/// (`severity IN ['Critical', 'Severe']`).
enum Rapid7Criteria {
    /// The conditions ANDed; nil when there are none. An operator's filter is parenthesised so that an `||`
    /// inside it cannot swallow the collector's own condition.
    static func all(_ conditions: [String?]) -> String? {
        let present = conditions.compactMap { $0 }.filter { !$0.isEmpty }
        switch present.count {
        case 0: return nil
        case 1: return present[0]
        default: return present.map { isSimple($0) ? $0 : "(\($0))" }.joined(separator: " && ")
        }
    }

    /// Assets whose last scan ended after `epochSeconds`.
    static func lastScanEnd(after epochSeconds: Double) -> String {
        "last_scan_end > \(quoted(Rapid7Timestamp.rfc3339(epochSeconds)))"
    }

    /// Vulnerabilities with one of these ids.
    static func idIn(_ ids: [String]) -> String {
        "id IN [" + ids.map(quoted).joined(separator: ", ") + "]"
    }

    /// A single-quoted literal; a quote or backslash inside is escaped with a backslash.
    static func quoted(_ text: String) -> String {
        var out = "'"
        for character in text {
            if character == "'" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out + "'"
    }

    /// One condition with no boolean operator at the top level: needs no parentheses.
    private static func isSimple(_ criteria: String) -> Bool {
        !criteria.contains("&&") && !criteria.contains("||")
            && !criteria.uppercased().contains(" AND ") && !criteria.uppercased().contains(" OR ")
    }
}
