import Foundation

/// Where a request goes, in the forms error messages need. The URL loses its query and user info,
/// which may hold presigned credentials, before it appears anywhere.
struct RequestTarget: Sendable, Equatable {
    var host: String
    var port: Int?
    var redactedURL: String

    /// "host:port" when the URL names a port, else the host.
    var hostAndPort: String {
        port.map { "\(host):\($0)" } ?? host
    }

    /// Accepts absolute http:// and https:// URLs with a host; anything else is `invalidURL`.
    init(url: String) throws(HTTPError) {
        guard var components = URLComponents(string: url),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty
        else {
            throw HTTPError.invalidURL(RequestTarget.redact(url))
        }
        self.host = host
        self.port = components.port
        components.query = nil
        components.fragment = nil
        components.user = nil
        components.password = nil
        redactedURL = components.string ?? RequestTarget.redact(url)
    }

    /// A best effort for strings URLComponents cannot parse (and proxy settings, which may omit the
    /// scheme): drop the query and fragment, and any "user:password@" before the host.
    static func redact(_ url: String) -> String {
        var text = Substring(url)
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<cut] }
        let authorityStart = text.range(of: "://")?.upperBound ?? text.startIndex
        let authority = text[authorityStart...].prefix { $0 != "/" }
        if let at = authority.lastIndex(of: "@") {
            text = Substring(text[..<authorityStart] + text[text.index(after: at)...])
        }
        return String(text)
    }
}
