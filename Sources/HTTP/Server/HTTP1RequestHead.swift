/// A parsed request line and header block, before the body.
struct HTTP1RequestHead: Equatable {
    enum BodyFraming: Equatable {
        case length(Int)
        case chunked
    }

    var method: String
    var target: String
    var headers: [HTTPHeader]
    var framing: BodyFraming
    var keepAlive: Bool
    var expectsContinue: Bool

    /// Parses "METHOD SP target SP HTTP/1.x" CRLF, then "name: value" CRLF lines (no final blank line).
    init(parsing bytes: ArraySlice<UInt8>) throws(HTTP1ParseError) {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)[...]
        guard let requestLine = lines.popFirst() else { throw .malformedRequestLine }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty,
              parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0" else {
            throw .malformedRequestLine
        }
        method = String(parts[0])
        target = String(parts[1])
        headers = try Self.parseHeaders(lines)
        framing = try Self.framing(of: headers)
        let connection = headers.value(for: "Connection")?.lowercased() ?? ""
        keepAlive = parts[2] == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
        expectsContinue = parts[2] == "HTTP/1.1"
            && headers.value(for: "Expect")?.lowercased() == "100-continue"
            && framing != .length(0)
    }

    private static func parseHeaders(_ lines: ArraySlice<Substring>) throws(HTTP1ParseError) -> [HTTPHeader] {
        var headers: [HTTPHeader] = []
        headers.reserveCapacity(lines.count)
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { throw .malformedHeader }
            let name = line[..<colon]
            guard !name.contains(where: { $0 == " " || $0 == "\t" }) else { throw .malformedHeader }
            let value = line[line.index(after: colon)...].trimmingOptionalWhitespace
            headers.append(HTTPHeader(String(name), String(value)))
        }
        return headers
    }

    /// Chunked wins over Content-Length (RFC 9112 §6.3); conflicting lengths are an error.
    private static func framing(of headers: [HTTPHeader]) throws(HTTP1ParseError) -> BodyFraming {
        if let encoding = headers.value(for: "Transfer-Encoding") {
            guard encoding.lowercased().split(separator: ",").last?.trimmingOptionalWhitespace == "chunked" else {
                throw .unsupportedTransferEncoding
            }
            return .chunked
        }
        let lengths = headers.filter { $0.name.caseInsensitiveCompare("Content-Length") == .orderedSame }
        guard let first = lengths.first else { return .length(0) }
        guard let length = Int(first.value), length >= 0, lengths.allSatisfy({ $0.value == first.value }) else {
            throw .badContentLength
        }
        return .length(length)
    }
}

/// Why a request could not be parsed; each maps to the status the server answers before closing.
enum HTTP1ParseError: Error, Equatable {
    case malformedRequestLine, malformedHeader, badContentLength, badChunk
    case unsupportedTransferEncoding, headTooLarge, bodyTooLarge

    var status: Int {
        switch self {
        case .headTooLarge: return 431
        case .bodyTooLarge: return 413
        case .unsupportedTransferEncoding: return 501
        default: return 400
        }
    }
}
