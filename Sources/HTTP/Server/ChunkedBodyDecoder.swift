/// Decodes a `Transfer-Encoding: chunked` body incrementally: "size[;ext]" CRLF, data CRLF, ...,
/// "0" CRLF, optional trailer lines, CRLF.
struct ChunkedBodyDecoder {
    private enum Phase {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers
    }

    private var phase = Phase.size
    private var body: [UInt8] = []

    /// Consumes what it can from `buffer` starting at `index`; returns the body once complete.
    mutating func decode(_ buffer: [UInt8], from index: inout Int, maxBodyBytes: Int) throws(HTTP1ParseError) -> [UInt8]? {
        while true {
            switch phase {
            case .size:
                guard let lineEnd = Self.lineEnd(in: buffer, from: index) else {
                    if buffer.count - index > 1024 { throw .badChunk }
                    return nil
                }
                let line = buffer[index..<lineEnd].prefix { $0 != UInt8(ascii: ";") }
                let digits = String(decoding: line, as: UTF8.self).trimmingCharactersInOWS()
                guard !digits.isEmpty, digits.count <= 15, let size = Int(digits, radix: 16) else { throw .badChunk }
                guard body.count + size <= maxBodyBytes else { throw .bodyTooLarge }
                index = lineEnd + 2
                phase = size == 0 ? .trailers : .data(remaining: size)
            case .data(let remaining):
                let available = min(remaining, buffer.count - index)
                guard available > 0 else { return nil }
                body.append(contentsOf: buffer[index..<index + available])
                index += available
                phase = remaining == available ? .dataEnd : .data(remaining: remaining - available)
            case .dataEnd:
                guard buffer.count - index >= 2 else { return nil }
                guard buffer[index] == 13, buffer[index + 1] == 10 else { throw .badChunk }
                index += 2
                phase = .size
            case .trailers:
                guard let lineEnd = Self.lineEnd(in: buffer, from: index) else {
                    if buffer.count - index > HTTP1RequestParser.maxHeadBytes { throw .headTooLarge }
                    return nil
                }
                let isLast = lineEnd == index
                index = lineEnd + 2
                if isLast {
                    defer { self = ChunkedBodyDecoder() }
                    return body
                }
            }
        }
    }

    private static func lineEnd(in buffer: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < buffer.count {
            if buffer[index] == 13, buffer[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }
}

private extension String {
    func trimmingCharactersInOWS() -> String {
        String(Substring(self).trimmingOptionalWhitespace)
    }
}
