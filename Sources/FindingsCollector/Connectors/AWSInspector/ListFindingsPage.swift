import JSONBytes

/// Why a ListFindings response body could not be used.
public enum ListFindingsPageError: Error, Sendable, CustomStringConvertible {
    /// The body does not even start like JSON (an HTML error page, plain text): someone else answered.
    case notJSON(startingWith: String)
    /// The body starts like JSON but is not valid JSON (typically cut short, or corrupted on the way).
    case invalidJSON(JSONError)
    /// The body is JSON but not a ListFindings response (no `findings` array, or a bad `nextToken`).
    case unexpectedShape(String)

    /// Only a body that is not JSON at all suggests a different service; a truncated or corrupted page
    /// comes from Inspector2 having a bad moment, and blaming the configuration would mislead the operator.
    public var suggestsAnotherService: Bool {
        if case .notJSON = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .notJSON(let start):
            return "ListFindings response is not JSON (it starts with \"\(start)\")"
        case .invalidJSON(let error):
            return "ListFindings response is not valid JSON (\(error.reason)) at byte \(error.offset)"
        case .unexpectedShape(let detail):
            return "ListFindings response has an unexpected shape: \(detail)"
        }
    }

    /// What the body starts with, short and printable, for an operator to recognise (an HTML title, a proxy's
    /// banner); only a few bytes, so that nothing sizeable from an unknown answer reaches a log.
    static func notJSON(_ body: [UInt8]) -> ListFindingsPageError {
        let printable = body.prefix(40).map { (0x20..<0x7F).contains($0) && $0 != UInt8(ascii: "\"") ? $0 : UInt8(ascii: "?") }
        return .notJSON(startingWith: String(decoding: printable, as: UTF8.self))
    }
}

/// One page of Inspector2 ListFindings: the findings as views into the response bytes, and the token.
public struct ListFindingsPage: Sendable {
    /// The page's findings; each shares the response buffer, so mapping can splice their bytes.
    public var findings: [JSONValue]
    /// Token for the next page; nil when the response has none, `null` or "" (sending "" back would loop).
    public var nextToken: String?

    /// Creates a page from its parts.
    public init(findings: [JSONValue], nextToken: String?) {
        self.findings = findings
        self.nextToken = nextToken
    }

    /// Validates the body once and indexes its findings; throws `ListFindingsPageError`.
    public static func parse(_ body: [UInt8]) throws -> ListFindingsPage {
        if let first = body.first(where: { !Self.isWhitespace($0) }), first != UInt8(ascii: "{"), first != UInt8(ascii: "[") {
            throw ListFindingsPageError.notJSON(body)
        }
        let root: JSONValue
        do {
            root = try JSONValue.parseTyped(body)
        } catch {
            throw ListFindingsPageError.invalidJSON(error)
        }
        guard root.kind == .object else {
            throw ListFindingsPageError.unexpectedShape("top level is \(root.kind), not an object")
        }
        guard let findings = root["findings"] else {
            throw ListFindingsPageError.unexpectedShape("no \"findings\" member")
        }
        guard findings.kind == .array else {
            throw ListFindingsPageError.unexpectedShape("\"findings\" is \(findings.kind), not an array")
        }
        // A malformed element is the mapper's to reject and count; it must not cost the rest of the page.
        let elements = findings.elements
        var nextToken: String?
        if let token = root["nextToken"], !token.isNull {
            guard let text = token.string else {
                throw ListFindingsPageError.unexpectedShape("\"nextToken\" is \(token.kind), not a string")
            }
            nextToken = text.isEmpty ? nil : text
        }
        return ListFindingsPage(findings: elements, nextToken: nextToken)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
