import Foundation

/// Just enough XML for STS's query-protocol answers: the text of the first `<Tag>` (optionally inside a
/// `<Parent>`), with the five named entities and numeric character references decoded. STS responses
/// are small, flat and machine-written (no CDATA, no attributes on these elements), so a real XML parser
/// would add nothing but a dependency.
struct STSXML: Sendable {
    private let text: String

    init(_ body: [UInt8]) {
        text = String(decoding: body, as: UTF8.self)
    }

    /// The decoded text of the first element named `tag` inside the first element named `parent`.
    func value(_ tag: String, in parent: String? = nil) -> String? {
        var scope = Substring(text)
        if let parent {
            guard let inner = Self.content(of: parent, in: scope) else { return nil }
            scope = inner
        }
        return Self.content(of: tag, in: scope).map { Self.decodeEntities(String($0)) }
    }

    /// A value that must be present, as the error an operator sees when it is not.
    func required(_ tag: String, in parent: String? = nil, action: String) throws -> String {
        guard let value = value(tag, in: parent), !value.isEmpty else {
            throw CredentialError.malformedResponse(source: "STS \(action)", detail: "no <\(tag)> in the response")
        }
        return value
    }

    private static func content(of tag: String, in scope: Substring) -> Substring? {
        // `<Tag>` exactly, or `<Tag xmlns=...>`; never `<TagSuffix>`.
        var searchFrom = scope.startIndex
        while let open = scope.range(of: "<\(tag)", range: searchFrom..<scope.endIndex) {
            guard let close = scope[open.upperBound...].firstIndex(of: ">") else { return nil }
            let between = scope[open.upperBound..<close]
            if between.isEmpty || between.first == " " {
                guard let end = scope.range(of: "</\(tag)>", range: close..<scope.endIndex) else { return nil }
                return scope[scope.index(after: close)..<end.lowerBound]
            }
            if between == "/" { return scope[close..<close] }
            searchFrom = close
        }
        return nil
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else {
                result += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = rest[rest.index(after: amp)..<semi]
            if let decoded = decode(entity: entity) {
                result += decoded
            } else {
                result += rest[amp...semi]
            }
            rest = rest[rest.index(after: semi)...]
        }
        return result + rest
    }

    private static func decode(entity: Substring) -> String? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard entity.hasPrefix("#") else { return nil }
            let digits = entity.dropFirst()
            let code = digits.first == "x" || digits.first == "X"
                ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            return code.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
    }
}
