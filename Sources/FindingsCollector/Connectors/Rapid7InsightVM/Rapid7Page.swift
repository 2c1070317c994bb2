import JSONBytes

/// Why a 2xx answer of the integration API could not be used as a page.
enum Rapid7PageError: Error, Sendable, CustomStringConvertible {
    /// Not JSON at all (an HTML page, a proxy's banner): someone else answered.
    case notJSON(startingWith: String)
    /// Starts like JSON but is not valid JSON (cut short, corrupted on the way).
    case invalidJSON(JSONError)
    /// JSON, but not a page (`data` missing or not an array, a cursor that is not a string).
    case unexpectedShape(String)

    var suggestsAnotherService: Bool {
        if case .notJSON = self { return true }
        return false
    }

    var description: String {
        switch self {
        case .notJSON(let start): return "the answer is not JSON (it starts with \"\(start)\")"
        case .invalidJSON(let error): return "the answer is not valid JSON (\(error.reason)) at byte \(error.offset)"
        case .unexpectedShape(let detail): return "the answer has an unexpected shape: \(detail)"
        }
    }
}

/// One page of a paged v4 integration answer: `{"data": [...], "metadata": {"cursor": ...}, "links": [...]}`.
struct Rapid7Page: Sendable {
    /// The page's resources (assets or vulnerability definitions), as views into the answer's bytes.
    var items: [JSONValue]
    /// Where the next page starts; nil when the listing ended (`cursor` absent, `null` or "").
    var cursor: String?
    /// `metadata.totalResources`, when sent: how many resources match across all pages.
    var totalResources: Int?

    static func parse(_ body: [UInt8]) throws(Rapid7PageError) -> Rapid7Page {
        if let first = body.first(where: { !isWhitespace($0) }), first != UInt8(ascii: "{"), first != UInt8(ascii: "[") {
            let printable = body.prefix(40).map { (0x20..<0x7F).contains($0) && $0 != UInt8(ascii: "\"") ? $0 : UInt8(ascii: "?") }
            throw .notJSON(startingWith: String(decoding: printable, as: UTF8.self))
        }
        let root: JSONValue
        do {
            root = try JSONValue.parseTyped(body)
        } catch {
            throw .invalidJSON(error)
        }
        guard root.kind == .object else { throw .unexpectedShape("top level is \(root.kind), not an object") }
        guard let data = root["data"] else { throw .unexpectedShape("no \"data\" member") }
        guard data.kind == .array else { throw .unexpectedShape("\"data\" is \(data.kind), not an array") }
        var cursor: String?
        var total: Int?
        if let metadata = root["metadata"], !metadata.isNull {
            guard metadata.kind == .object else { throw .unexpectedShape("\"metadata\" is \(metadata.kind), not an object") }
            if let value = metadata["cursor"], !value.isNull {
                guard let text = value.string else {
                    throw .unexpectedShape("\"metadata.cursor\" is \(value.kind), not a string")
                }
                cursor = text.isEmpty ? nil : text
            }
            total = metadata["totalResources"]?.int.map { Int($0) }
        }
        return Rapid7Page(items: data.elements, cursor: cursor, totalResources: total)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
