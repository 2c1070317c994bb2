import Foundation
import HTTP

/// The pieces of an absolute URL that SigV4 signs, split without Foundation's URL so that the
/// request target is taken exactly as the caller wrote it (URL would re-encode or reject it).
struct SignableURL: Equatable {
    var host: String      // host[:port] as it appears in the URL, i.e. the Host header value
    var path: String      // "/" when the URL has none
    var query: String     // without the leading "?"

    init(_ url: String) {
        var rest = Substring(url)
        if let schemeEnd = rest.range(of: "://") { rest = rest[schemeEnd.upperBound...] }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        host = String(authority)
        let target = rest[authorityEnd...]
        if let questionMark = target.firstIndex(of: "?") {
            path = String(target[..<questionMark])
            query = String(target[target.index(after: questionMark)...])
        } else {
            path = String(target)
            query = ""
        }
        if path.isEmpty { path = "/" }
        host = SignableURL.withoutDefaultPort(host, https: url.lowercased().hasPrefix("https://"))
    }

    /// libcurl omits the port from Host when it is the scheme's default, and the server signs what it
    /// received, so the default port must go here too.
    private static func withoutDefaultPort(_ host: String, https: Bool) -> String {
        let suffix = https ? ":443" : ":80"
        return host.hasSuffix(suffix) ? String(host.dropLast(suffix.count)) : host
    }
}

/// The canonicalisation rules of SigV4 (non-S3 flavour: paths are normalised, as the official suite expects).
enum Canonical {
    /// Percent-encodes everything except the RFC 3986 unreserved set; `/` survives only when asked.
    static func uriEncode<S: Sequence>(_ bytes: S, keepSlash: Bool) -> String where S.Element == UInt8 {
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where keepSlash:
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0f)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes %XX escapes; a malformed escape stays as it was. `+` is left alone: in a URL query it is
    /// a literal plus (RFC 3986), not a space.
    static func percentDecode(_ text: Substring) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out = [UInt8]()
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Removes `.` and `..` segments and empty segments, keeps a trailing slash, then encodes the path
    /// as it stands in the URL once more. For a path already percent-encoded on the wire that is the
    /// "double encoding" AWS services (all but S3) expect; for the suite's raw paths it is the single
    /// encoding its .creq files show.
    static func uri(path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        let endsWithSlash = path.hasSuffix("/") || path.hasSuffix("/.") || path.hasSuffix("/..")
        var joined = "/" + segments.map { uriEncode($0.utf8, keepSlash: false) }.joined(separator: "/")
        if endsWithSlash && !segments.isEmpty { joined += "/" }
        return joined
    }

    /// Parameters decoded, re-encoded the SigV4 way, sorted by key then value, joined with `&`.
    static func query(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs: [(String, String)] = query.split(separator: "&", omittingEmptySubsequences: true).map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = uriEncode(percentDecode(parts[0]), keepSlash: false)
            let value = parts.count > 1 ? uriEncode(percentDecode(parts[1]), keepSlash: false) : ""
            return (key, value)
        }
        // Byte order of the encoded strings, as the spec says; String's < is not byte order for all input.
        let sorted = pairs.sorted { lhs, rhs in
            lhs.0 == rhs.0 ? lhs.1.utf8.lexicographicallyPrecedes(rhs.1.utf8)
                           : lhs.0.utf8.lexicographicallyPrecedes(rhs.0.utf8)
        }
        return sorted.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// Lowercased names, sorted; values trimmed with inner whitespace runs (folded lines too) made one
    /// space; repeated headers joined with commas in the order they were given.
    static func headers(_ headers: [HTTPHeader]) -> (canonical: String, signed: String) {
        var merged: [String: [String]] = [:]
        for header in headers {
            merged[header.name.lowercased(), default: []].append(collapseWhitespace(header.value))
        }
        let names = merged.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let canonical = names.map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
        return (canonical, names.joined(separator: ";"))
    }

    private static func collapseWhitespace(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .joined(separator: " ")
    }
}
