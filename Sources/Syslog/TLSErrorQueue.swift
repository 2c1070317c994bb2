import COpenSSL

/// OpenSSL's per-thread error queue, read out as text for error messages.
enum TLSErrorQueue {
    /// Empties the calling thread's queue and returns its reasons joined ("certificate verify failed; ..."),
    /// or `fallback` when the queue was empty.
    static func drain(fallback: String = "no further detail from OpenSSL") -> String {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            if let reason = ERR_reason_error_string(code) {
                reasons.append(String(cString: reason))
            } else {
                var buffer = [CChar](repeating: 0, count: 256)
                ERR_error_string_n(code, &buffer, buffer.count)
                reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
        }
        return reasons.isEmpty ? fallback : reasons.joined(separator: "; ")
    }
}
