import COpenSSL

/// What went wrong with TLS to the syslog receiver, worded for the operator who has to fix it.
public enum TLSFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The TLS settings cannot be used (a file is unreadable, a key does not match its certificate, ...).
    case unusableSettings(String)
    /// The receiver's certificate failed verification; `reason` is OpenSSL's text for `code`.
    case certificateRejected(code: Int32, reason: String, expectedName: String)
    /// The receiver asked for a client certificate, none is configured, and it closed the connection.
    case clientCertificateRequired(detail: String)
    /// The receiver asked for our client certificate and then refused the one we sent.
    case clientCertificateRefused(detail: String)
    /// The receiver did not complete a TLS handshake within the connect timeout.
    case handshakeTimedOut(seconds: Double)
    /// The handshake failed; `permanent` when the peer answered with a protocol error (not a network one).
    case handshakeFailed(detail: String, permanent: Bool)

    /// True when retrying cannot help until the operator changes a setting or a certificate.
    public var isPermanent: Bool {
        switch self {
        case .unusableSettings, .certificateRejected, .clientCertificateRequired, .clientCertificateRefused:
            true
        case .handshakeTimedOut:
            false
        case let .handshakeFailed(_, permanent):
            permanent
        }
    }

    public var description: String {
        switch self {
        case let .unusableSettings(problem):
            problem
        case let .certificateRejected(code, reason, expectedName):
            "certificate verification failed: \(reason)" + Self.advice(forVerifyCode: code, name: expectedName)
        case let .clientCertificateRequired(detail):
            "the receiver requires a client certificate (mutual TLS) and none is configured (\(detail)); "
                + "set cert_file and key_file to a certificate the receiver's CA signed"
        case let .clientCertificateRefused(detail):
            "the receiver refused our client certificate (\(detail)); check that cert_file is signed by a CA "
                + "the receiver trusts, is valid now, and is allowed for client authentication"
        case let .handshakeTimedOut(seconds):
            "no TLS handshake answer within \(seconds) s; check that the receiver speaks TLS on this port "
                + "(a plain TCP syslog port never answers)"
        case let .handshakeFailed(detail, _):
            "TLS handshake failed: \(detail); check that the receiver speaks TLS 1.2 or newer on this port"
        }
    }

    /// The certificate is fine but names another host: different advice than for an untrusted one.
    private static let nameMismatchCodes: Set<Int32> = [X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH]

    private static func advice(forVerifyCode code: Int32, name: String) -> String {
        if nameMismatchCodes.contains(code) {
            return "; the receiver's certificate does not name '\(name)': connect with a name the certificate "
                + "carries, or set server_name to it"
        }
        return "; set ca_file to the CA that signed the receiver's certificate (or check that the server's "
            + "certificate is the right one, complete with its chain, and currently valid); expected name '\(name)', "
            + "adjustable with server_name"
    }
}
