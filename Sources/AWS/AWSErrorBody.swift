import Foundation

/// The fields an AWS error body carries, read from rest-json/json or query/XML.
struct AWSErrorBody {
    var code: String?
    var message: String?
    var requestId: String?
    var reason: String?
    var fields: [String] = []

    init(_ body: [UInt8]) {
        let start = body.first { ![0x20, 0x09, 0x0a, 0x0d].contains($0) }
        if start == UInt8(ascii: "{") {
            readJSON(body)
        } else if start == UInt8(ascii: "<") {
            readXML(String(decoding: body, as: UTF8.self))
        }
    }

    private mutating func readJSON(_ body: [UInt8]) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return }
        let rawCode = (object["__type"] as? String) ?? (object["code"] as? String) ?? (object["Code"] as? String)
        code = rawCode.map(AWSServiceError.withoutNamespace)
        message = (object["message"] as? String) ?? (object["Message"] as? String) ?? (object["errorMessage"] as? String)
        requestId = object["requestId"] as? String
        reason = object["reason"] as? String
        if let list = object["fields"] as? [[String: Any]] {
            fields = list.compactMap { $0["name"] as? String }
        }
    }

    private mutating func readXML(_ xml: String) {
        // Query protocol: <ErrorResponse><Error><Code/>…; S3/EC2 styles put Code/Message directly in <Error>
        // or under <Errors><Error>. The first occurrence of each tag is the one that matters in all of them.
        code = Self.firstElement("Code", in: xml)
        message = Self.firstElement("Message", in: xml)
        requestId = Self.firstElement("RequestId", in: xml) ?? Self.firstElement("RequestID", in: xml)
    }

    /// The decoded text of the first <name>…</name>; enough for AWS's flat error documents.
    static func firstElement(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"),
              let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex) else { return nil }
        return decodeEntities(String(xml[open.upperBound..<close.lowerBound]))
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else {
                out += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = rest[rest.index(after: amp)..<semi]
            if let decoded = decode(entity) {
                out += decoded
            } else {
                out += rest[amp...semi]
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }

    private static func decode(_ entity: Substring) -> String? {
        switch entity {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default:
            let scalar: UInt32?
            if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                scalar = UInt32(entity.dropFirst(2), radix: 16)
            } else if entity.hasPrefix("#") {
                scalar = UInt32(entity.dropFirst())
            } else {
                scalar = nil
            }
            return scalar.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
    }
}
