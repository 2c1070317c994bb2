import CCurl

/// One libcurl easy handle. Reusing it across requests keeps its connections (and TLS sessions)
/// alive, so consecutive requests to the same host skip the handshakes. Not thread-safe: the pool
/// lends it to one request at a time.
final class CurlEasyHandle {
    private let handle: UnsafeMutableRawPointer
    /// libcurl writes a human-readable reason here on failure; it must outlive every perform.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws(HTTPError) {
        guard CurlGlobal.ensureInitialized(), let handle = curl_easy_init() else {
            throw HTTPError.transport(code: Int(CURLE_FAILED_INIT.rawValue), detail: "libcurl could not be initialised")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sends `request` and blocks until the response is complete or the transfer fails.
    func perform(_ request: HTTPRequest, target: RequestTarget, settings: HTTPClientSettings,
                 cancellation: CancellationFlag) throws -> HTTPResponse {
        // Reset clears the previous request's options but keeps the connection cache.
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        let transfer = CurlTransfer(cancellation: cancellation)
        var headerList = try CurlHeaderList(request: request)
        defer { headerList.free() }

        try configureConnection(url: request.url, settings: settings)
        try configureCallbacks(transfer)
        try set(CURLOPT_HTTPHEADER, slist: headerList.pointer)
        try configureMethod(request)

        let code = request.body.withUnsafeBytes { body -> CURLcode in
            if sendsBody(request), let base = body.baseAddress, body.count > 0 {
                // libcurl reads the body in place (no copy); the closure keeps it alive meanwhile.
                guard ccurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)) == CURLE_OK,
                      ccurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: base)) == CURLE_OK
                else { return CURLE_OUT_OF_MEMORY }
            }
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            throw CurlErrorMapping.error(for: code, detail: errorDetail(code), target: target, settings: settings)
        }
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: transfer.headers, body: transfer.body)
    }

    private func configureConnection(url: String, settings: HTTPClientSettings) throws {
        try set(CURLOPT_URL, url)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        // Without NOSIGNAL, libcurl's DNS timeouts use SIGALRM, which is unsafe with threads.
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds(settings.connectTimeout))
        try set(CURLOPT_TIMEOUT_MS, milliseconds(settings.requestTimeout))
        try set(CURLOPT_TCP_KEEPALIVE, 1)
        try set(CURLOPT_ACCEPT_ENCODING, "")
        try set(CURLOPT_USERAGENT, settings.userAgent)
        try set(CURLOPT_SSL_VERIFYPEER, settings.tls.verifyPeer ? 1 : 0)
        try set(CURLOPT_SSL_VERIFYHOST, settings.tls.verifyPeer ? 2 : 0)
        if let caFile = settings.tls.caFile {
            try set(CURLOPT_CAINFO, caFile)
        }
        if let proxy = settings.proxy {
            try set(CURLOPT_PROXY, proxy)
        }
        try check(ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), CURLOPT_ERRORBUFFER)
    }

    private func configureCallbacks(_ transfer: CurlTransfer) throws {
        try check(ccurl_setopt_write_function(handle, CURLOPT_WRITEFUNCTION, CurlCallbacks.write), CURLOPT_WRITEFUNCTION)
        try check(ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, transfer.userdata), CURLOPT_WRITEDATA)
        try check(ccurl_setopt_write_function(handle, CURLOPT_HEADERFUNCTION, CurlCallbacks.header), CURLOPT_HEADERFUNCTION)
        try check(ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, transfer.userdata), CURLOPT_HEADERDATA)
        try set(CURLOPT_NOPROGRESS, 0)
        try check(ccurl_setopt_xferinfo_function(handle, CurlCallbacks.progress), CURLOPT_XFERINFOFUNCTION)
        try check(ccurl_setopt_pointer(handle, CURLOPT_XFERINFODATA, transfer.userdata), CURLOPT_XFERINFODATA)
    }

    private func configureMethod(_ request: HTTPRequest) throws {
        switch request.method {
        case "GET" where request.body.isEmpty:
            try set(CURLOPT_HTTPGET, 1)
        case "HEAD":
            try set(CURLOPT_NOBODY, 1)
        default:
            if sendsBody(request) {
                try set(CURLOPT_POST, 1)
                // An empty body still goes out as "Content-Length: 0"; COPYPOSTFIELDS copies, so the
                // literal's lifetime does not matter. Non-empty bodies are set just before perform.
                if request.body.isEmpty {
                    try set(CURLOPT_POSTFIELDSIZE, 0)
                    try set(CURLOPT_COPYPOSTFIELDS, "")
                }
            }
            if request.method != "POST" {
                try set(CURLOPT_CUSTOMREQUEST, request.method)
            }
        }
    }

    /// Methods that carry a body always announce its length, even when it is empty.
    private func sendsBody(_ request: HTTPRequest) -> Bool {
        !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method)
    }

    private func errorDetail(_ code: CURLcode) -> String {
        let buffered = String(cString: errorBuffer)
        return buffered.isEmpty ? String(cString: curl_easy_strerror(code)) : buffered
    }

    private func milliseconds(_ seconds: Double) -> Int {
        seconds <= 0 ? 0 : max(1, Int((seconds * 1000).rounded()))
    }

    private func set(_ option: CURLoption, _ value: Int) throws {
        try check(ccurl_setopt_long(handle, option, value), option)
    }

    private func set(_ option: CURLoption, _ value: String) throws {
        try check(ccurl_setopt_string(handle, option, value), option)
    }

    private func set(_ option: CURLoption, slist: UnsafeMutablePointer<curl_slist>?) throws {
        try check(ccurl_setopt_slist(handle, option, slist), option)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws {
        guard code == CURLE_OK else {
            throw HTTPError.transport(code: Int(code.rawValue),
                                      detail: "libcurl rejected option \(option.rawValue): \(String(cString: curl_easy_strerror(code)))")
        }
    }
}
