import CCurl

/// The mutable side of one transfer: what libcurl's C callbacks write into. It reaches the callbacks
/// as an unretained `userdata` pointer, valid because the caller keeps it alive across `curl_easy_perform`.
final class CurlTransfer {
    private(set) var headers: [HTTPHeader] = []
    private(set) var body: [UInt8] = []
    let cancellation: CancellationFlag

    /// Caps the up-front reservation so a lying Content-Length cannot allocate gigabytes.
    private static let maxReservation = 64 << 20

    init(cancellation: CancellationFlag) {
        self.cancellation = cancellation
    }

    var userdata: UnsafeMutableRawPointer {
        Unmanaged.passUnretained(self).toOpaque()
    }

    static func from(_ userdata: UnsafeMutableRawPointer?) -> CurlTransfer {
        Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
    }

    func appendBody(_ bytes: UnsafeRawBufferPointer) {
        body.append(contentsOf: bytes)
    }

    /// Takes one raw header line. A status line starts a new header block: interim (100), proxy
    /// CONNECT and redirect responses each bring their own, and only the final block counts.
    func appendHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        var line = Substring(decoding: bytes, as: UTF8.self)
        while let last = line.last, last.isNewline { line = line.dropLast() }
        if line.hasPrefix("HTTP/") {
            headers.removeAll(keepingCapacity: true)
            return
        }
        if line.isEmpty { return }
        if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
            // Obsolete line folding: the line continues the previous header's value.
            headers[headers.count - 1].value += " " + line.trimmingOptionalWhitespace
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let header = HTTPHeader(String(line[..<colon]), String(line[line.index(after: colon)...].trimmingOptionalWhitespace))
        if header.name.caseInsensitiveCompare("Content-Length") == .orderedSame,
           let length = Int(header.value), length > 0 {
            body.reserveCapacity(min(length, Self.maxReservation))
        }
        headers.append(header)
    }
}

/// The C entry points libcurl calls during `curl_easy_perform`; each forwards to the transfer.
enum CurlCallbacks {
    static let write: ccurl_write_callback = { data, size, count, userdata in
        let length = size * count
        if length > 0, let data {
            CurlTransfer.from(userdata).appendBody(UnsafeRawBufferPointer(start: data, count: length))
        }
        return length
    }

    static let header: ccurl_write_callback = { data, size, count, userdata in
        let length = size * count
        if length > 0, let data {
            CurlTransfer.from(userdata).appendHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
        }
        return length
    }

    /// Returning non-zero makes libcurl abort with CURLE_ABORTED_BY_CALLBACK: how cancellation lands.
    static let progress: curl_xferinfo_callback = { userdata, _, _, _, _ in
        CurlTransfer.from(userdata).cancellation.isCancelled ? 1 : 0
    }
}

/// Set from a cancelled task, read by libcurl's progress callback on the transfer thread.
final class CancellationFlag: Sendable {
    private let state = LockedState(false)

    var isCancelled: Bool { state.withLock { $0 } }

    func cancel() {
        state.withLock { $0 = true }
    }
}
