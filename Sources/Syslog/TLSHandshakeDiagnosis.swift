import COpenSSL

/// Turns a failed SSL_connect into the failure an operator can act on: a rejected certificate (with
/// OpenSSL's reason), a missing or refused client certificate, a silent peer, or a protocol error.
struct TLSHandshakeDiagnosis {
    let failure: TLSFailure

    /// Call right after SSL_connect failed, before anything else touches errno or the error queue.
    init(ssl: OpaquePointer, code: Int32, errno savedErrno: Int32, expectedName: String, timeout: Double,
         context: TLSContext) {
        let verifyResult = SSL_get_verify_result(ssl)
        if context.settings.verifyPeer && verifyResult != X509_V_OK {
            ERR_clear_error()   // "certificate verify failed" adds nothing to the verify reason
            let reason = String(cString: X509_verify_cert_error_string(verifyResult))
            failure = .certificateRejected(code: Int32(verifyResult), reason: reason, expectedName: expectedName)
            return
        }
        if code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE {   // SO_RCVTIMEO/SO_SNDTIMEO expired
            failure = .handshakeTimedOut(seconds: timeout)
            return
        }
        let detail = TLSConnection.describe(code, errno: savedErrno)
        let certificateRequested = copenssl_server_requested_certificate(ssl) != 0
        if certificateRequested && !context.hasClientCertificate {
            failure = .clientCertificateRequired(detail: detail)
        } else if certificateRequested && code == SSL_ERROR_SSL && Self.refusesCertificate(detail) {
            failure = .clientCertificateRefused(detail: detail)
        } else {
            // A protocol error from a peer that answered will recur; a dropped connection may not.
            failure = .handshakeFailed(detail: detail, permanent: code == SSL_ERROR_SSL)
        }
    }

    /// TLS alerts a server sends about the client's certificate ("tlsv1 alert unknown ca", "sslv3 alert
    /// bad certificate", "tlsv13 alert certificate required", "tlsv1 alert access denied", ...).
    private static func refusesCertificate(_ detail: String) -> Bool {
        detail.contains("alert") && ["certificate", "unknown ca", "access denied"].contains { detail.contains($0) }
    }
}
