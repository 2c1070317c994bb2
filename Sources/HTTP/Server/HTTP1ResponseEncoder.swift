/// Writes the status line and headers of a response; the body is sent after it as is.
enum HTTP1ResponseEncoder {
    /// Framing headers the server sets itself; the handler's own would contradict the bytes sent.
    private static let framingHeaders: Set<String> = ["content-length", "transfer-encoding", "connection"]

    static func head(for response: HTTPResponse, keepAlive: Bool) -> [UInt8] {
        var text = "HTTP/1.1 \(response.status) \(reasonPhrase(response.status))\r\n"
        for header in response.headers where !framingHeaders.contains(header.name.lowercased()) {
            text += "\(header.name): \(header.value)\r\n"
        }
        if hasBody(response.status) {
            text += "Content-Length: \(response.body.count)\r\n"
        }
        text += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        return Array(text.utf8)
    }

    /// Whether the response carries a body at all (1xx, 204 and 304 never do).
    static func hasBody(_ status: Int) -> Bool {
        !(100..<200).contains(status) && status != 204 && status != 304
    }

    /// Whether the handler asked to close the connection after this response.
    static func asksToClose(_ response: HTTPResponse) -> Bool {
        response.headers.value(for: "Connection")?.lowercased().contains("close") ?? false
    }

    static let continueHead = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 201: return "Created"
        case 204: return "No Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 304: return "Not Modified"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 413: return "Content Too Large"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "Status \(status)"
        }
    }
}
