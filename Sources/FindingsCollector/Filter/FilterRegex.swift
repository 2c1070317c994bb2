import Foundation

/// A rule's regular expression, compiled once when the config is loaded.
///
/// `@unchecked Sendable`: NSRegularExpression is immutable after creation and documented as safe to
/// use from several threads at once; nothing here mutates it.
struct FilterRegex: @unchecked Sendable, Equatable {
    let pattern: String
    private let expression: NSRegularExpression

    init(_ pattern: String) throws(FilterRuleError) {
        do {
            expression = try NSRegularExpression(pattern: pattern)
        } catch {
            throw .badRegex(pattern: pattern, reason: FilterRegex.reason(error, pattern: pattern))
        }
        self.pattern = pattern
    }

    /// True when the expression matches somewhere in `text`.
    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    static func == (lhs: FilterRegex, rhs: FilterRegex) -> Bool { lhs.pattern == rhs.pattern }

    /// Foundation on Linux reports no reason (its NSError only repeats the pattern), so the Swift regex
    /// parser, which reads nearly the same syntax, is asked to explain what is wrong.
    private static func reason(_ error: Error, pattern: String) -> String {
        do {
            _ = try Regex(pattern)
        } catch {
            return "\(error)"
        }
        let error = error as NSError
        return "rejected by ICU (\(error.domain) \(error.code)); check brackets, escapes and quantifiers"
    }
}
