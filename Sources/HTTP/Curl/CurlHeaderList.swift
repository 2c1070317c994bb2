import CCurl

/// The request's headers as libcurl's linked list, plus the defaults this client wants.
struct CurlHeaderList {
    private(set) var pointer: UnsafeMutablePointer<curl_slist>?

    init(request: HTTPRequest) throws(HTTPError) {
        pointer = nil
        for header in request.headers {
            // A line break would let a value smuggle in extra headers; name only in the message,
            // because values may be signatures or tokens.
            guard !header.name.contains(where: \.isNewline), !header.value.contains(where: \.isNewline),
                  !header.name.isEmpty, !header.name.contains(":") else {
                free()
                throw HTTPError.transport(code: Int(CURLE_BAD_FUNCTION_ARGUMENT.rawValue),
                                          detail: "request header '\(header.name.filter { !$0.isNewline })' is malformed")
            }
            // libcurl's syntax for a header with an empty value is "Name;" ("Name:" would remove it).
            append(header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
        }
        // "Name:" removes a header libcurl would add on its own: no Expect: 100-continue round trip,
        // and no form Content-Type the caller did not ask for (it would be unsigned in SigV4).
        if request.headers.value(for: "Expect") == nil { append("Expect:") }
        if request.headers.value(for: "Content-Type") == nil { append("Content-Type:") }
    }

    private mutating func append(_ line: String) {
        pointer = curl_slist_append(pointer, line)
    }

    /// Releases the list; call once the transfer that used it has finished.
    mutating func free() {
        curl_slist_free_all(pointer)
        pointer = nil
    }
}
