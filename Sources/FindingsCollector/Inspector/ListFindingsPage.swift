import JSONBytes

/// Why a ListFindings response body could not be used.
public enum ListFindingsPageError: Error, Sendable, CustomStringConvertible {
    /// The body is not valid JSON.
    case invalidJSON(JSONError)
    /// The body is JSON but not a ListFindings response (no `findings` array, or a bad `nextToken`).
    case unexpectedShape(String)

    public var description: String {
        switch self {
        case .invalidJSON(let error):
            return "ListFindings response is not valid JSON (\(error)); check endpoint_url points at Inspector2"
        case .unexpectedShape(let detail):
            return "ListFindings response has an unexpected shape: \(detail); check endpoint_url points at Inspector2"
        }
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
}
