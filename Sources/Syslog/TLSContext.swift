import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// A configured OpenSSL client context: TLS 1.2 minimum, the trust store, peer verification and the
/// optional client certificate. Built once per transport, so bad files fail at start-up, not at first send.
///
/// `@unchecked Sendable`: the SSL_CTX is fully configured in `init` and afterwards only passed to SSL_new,
/// which OpenSSL allows from several threads at once; `settings` is an immutable value.
final class TLSContext: @unchecked Sendable {
    let pointer: OpaquePointer
    let settings: SyslogTLSSettings

    /// A context for `settings`; throws `.unusableSettings` naming the file or setting to fix.
    init(settings: SyslogTLSSettings) throws(TLSFailure) {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw .unusableSettings("cannot create an OpenSSL context: \(TLSErrorQueue.drain())")
        }
        pointer = context
        self.settings = settings
        guard copenssl_set_min_proto(context, TLS1_2_VERSION) == 1 else {
            throw .unusableSettings("OpenSSL refused TLS 1.2 as the minimum version: \(TLSErrorQueue.drain())")
        }
        // Partial writes: each SSL_write reports the records it fully wrote, which delivery accounting needs.
        _ = copenssl_ctx_set_mode(context, Int(SSL_MODE_ENABLE_PARTIAL_WRITE))
        copenssl_refuse_passphrase_prompts(context)
        copenssl_track_certificate_requests(context)
        SSL_CTX_set_verify(context, settings.verifyPeer ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nil)
        try loadTrustStore()
        try loadClientCertificate()
    }

    deinit { SSL_CTX_free(pointer) }

    /// True when a client certificate is configured (mutual TLS).
    var hasClientCertificate: Bool { settings.certificateFile != nil }

    private func loadTrustStore() throws(TLSFailure) {
        guard let caFile = settings.caFile else {
            guard SSL_CTX_set_default_verify_paths(pointer) == 1 else {
                throw .unusableSettings("cannot load the system's CA store (\(TLSErrorQueue.drain())); "
                                        + "set ca_file to the CA that signed the receiver's certificate")
            }
            return
        }
        try Self.checkReadable(caFile, setting: "ca_file")
        guard SSL_CTX_load_verify_locations(pointer, caFile, nil) == 1 else {
            throw .unusableSettings("ca_file '\(caFile)' holds no usable PEM CA certificate "
                                    + "(\(TLSErrorQueue.drain()))")
        }
    }

    private func loadClientCertificate() throws(TLSFailure) {
        switch (settings.certificateFile, settings.privateKeyFile) {
        case (nil, nil):
            return
        case (nil, .some):
            throw .unusableSettings("key_file is set but cert_file is not; a client certificate needs both")
        case (.some, nil):
            throw .unusableSettings("cert_file is set but key_file is not; a client certificate needs both")
        case let (certificateFile?, keyFile?):
            try Self.checkReadable(certificateFile, setting: "cert_file")
            try Self.checkReadable(keyFile, setting: "key_file")
            guard SSL_CTX_use_certificate_chain_file(pointer, certificateFile) == 1 else {
                throw .unusableSettings("cert_file '\(certificateFile)' holds no usable PEM certificate "
                                        + "(\(TLSErrorQueue.drain()))")
            }
            let mismatch = TLSFailure.unusableSettings("key_file '\(keyFile)' does not belong to the certificate "
                                                       + "in cert_file '\(certificateFile)'")
            guard SSL_CTX_use_PrivateKey_file(pointer, keyFile, SSL_FILETYPE_PEM) == 1 else {
                let reason = TLSErrorQueue.drain()
                if reason.contains("key values mismatch") { throw mismatch }   // OpenSSL checks the pair here
                throw .unusableSettings("key_file '\(keyFile)' holds no usable PEM private key (\(reason)); "
                                        + "an encrypted key is not supported: store it unencrypted, readable "
                                        + "only by the collector's user")
            }
            guard SSL_CTX_check_private_key(pointer) == 1 else {
                ERR_clear_error()
                throw mismatch
            }
        }
    }

    /// Opening the file ourselves gives the operator errno's words instead of OpenSSL's "system lib".
    private static func checkReadable(_ path: String, setting: String) throws(TLSFailure) {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw .unusableSettings("\(setting) '\(path)' cannot be read: \(Errno(errno))")
        }
        Glibc.close(fd)
    }
}
