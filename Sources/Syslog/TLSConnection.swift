import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// A TLS session over one TCP connection to the receiver: handshake with verification, writes, and the
/// check for a receiver that has hung up.
///
/// `@unchecked Sendable`: `ssl` and `failed` are used only by the blocking methods, which all run on the
/// owner's serial I/O queue; `abort` only shuts the socket down, which is safe from any thread.
final class TLSConnection: StreamConnection, @unchecked Sendable {
    private let socket: TCPConnection
    private let ssl: OpaquePointer
    /// Set after a fatal TLS error, after which OpenSSL forbids sending close_notify.
    private var failed = false

    private init(socket: TCPConnection, ssl: OpaquePointer) {
        self.socket = socket
        self.ssl = ssl
    }

    /// Connects, handshakes and verifies the receiver. Blocking: call on the I/O queue.
    static func open(host: String, port: Int, timeout: Double, context: TLSContext) -> Result<TLSConnection, SyslogError> {
        let socket: TCPConnection
        switch TCPConnection.open(host: host, port: port, timeout: timeout) {
        case .success(let opened): socket = opened
        case .failure(let error): return .failure(error)
        }
        ERR_clear_error()
        guard let ssl = SSL_new(context.pointer) else {
            socket.close()
            return .failure(.tls(host: host, port: port, failure: .handshakeFailed(
                detail: "cannot create a TLS session: \(TLSErrorQueue.drain())", permanent: false)))
        }
        let connection = TLSConnection(socket: socket, ssl: ssl)
        do {
            try connection.handshake(name: context.settings.serverName ?? host, timeout: timeout, context: context)
            return .success(connection)
        } catch {
            connection.failed = true
            connection.close()
            return .failure(.tls(host: host, port: port, failure: error))
        }
    }

    func write(_ bytes: [UInt8]) -> (written: Int, error: (any Error)?) {
        bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                ERR_clear_error()
                let count = Int32(Swift.min(buffer.count - written, Int(Int32.max)))
                let result = SSL_write(ssl, buffer.baseAddress! + written, count)
                let savedErrno = errno
                if result > 0 {
                    written += Int(result)
                    continue
                }
                let code = SSL_get_error(ssl, result)
                if (code == SSL_ERROR_WANT_WRITE || code == SSL_ERROR_WANT_READ) && savedErrno == EINTR { continue }
                failed = true
                return (written, TLSStreamError(description: Self.describe(code, errno: savedErrno)))
            }
            return (written, nil)
        }
    }

    func peerHasClosed() -> Bool {
        var probe = pollfd(fd: socket.fd, events: Int16(POLLIN) | pollReadHangUp, revents: 0)
        guard poll(&probe, 1, 0) > 0 else { return false }
        if case .closed = readPendingRecords() { return true }
        return false
    }

    func abort() { socket.abort() }

    func close() { _ = finish(within: 2) }

    /// Our close_notify, then FIN, then read until the receiver closes too (bounded). Closing a socket with
    /// unread bytes from the peer (session tickets, its close_notify) makes the kernel send RST, and an RST
    /// makes the receiver's kernel discard what it has not read yet: rsyslog lost the tail of a batch that
    /// way. Its EOF means it has read everything we sent.
    func finish(within seconds: Double) -> Bool {
        var peerClosed = false
        if !failed {
            setIOTimeout(seconds: 1)   // never hang on a receiver that stopped reading
            if SSL_shutdown(ssl) >= 0 {
                shutdown(socket.fd, Int32(SHUT_WR))
                peerClosed = SocketCalls.awaitEndOfStream(socket.fd, within: seconds)
            }
        }
        ERR_clear_error()
        SSL_free(ssl)
        socket.close()
        return peerClosed
    }

    private func handshake(name: String, timeout: Double, context: TLSContext) throws(TLSFailure) {
        SSL_set_fd(ssl, socket.fd)
        let isAddress = Self.isIPAddress(name)
        if context.settings.verifyPeer { try requirePeerName(name, isAddress: isAddress) }
        if !isAddress { _ = copenssl_set_tlsext_host_name(ssl, name) }   // RFC 6066: no SNI for IP literals
        setIOTimeout(seconds: timeout)   // a peer that never answers (plain TCP port) must not hang us
        defer { setIOTimeout(seconds: 0) }
        while true {
            ERR_clear_error()
            let status = SSL_connect(ssl)
            if status == 1 { break }
            let savedErrno = errno
            let code = SSL_get_error(ssl, status)
            if (code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE) && savedErrno == EINTR { continue }
            throw TLSHandshakeDiagnosis(ssl: ssl, code: code, errno: savedErrno, expectedName: name,
                                        timeout: timeout, context: context).failure
        }
        if copenssl_server_requested_certificate(ssl) != 0 {
            try awaitClientCertificateVerdict(within: Swift.min(timeout, 2), hasCertificate: context.hasClientCertificate)
        }
    }

    /// Under TLS 1.3 the server judges our client certificate (or its absence) after our side of the
    /// handshake is done. Waiting for its first words here (session tickets when it accepts, a close or an
    /// alert when it refuses) keeps the first batch from being written into a connection already refused.
    private func awaitClientCertificateVerdict(within seconds: Double, hasCertificate: Bool) throws(TLSFailure) {
        var probe = pollfd(fd: socket.fd, events: Int16(POLLIN) | pollReadHangUp, revents: 0)
        guard poll(&probe, 1, Int32(seconds * 1000)) > 0 else { return }   // silence: no refusal came
        guard case let .closed(detail) = readPendingRecords() else { return }
        throw hasCertificate ? .clientCertificateRefused(detail: detail) : .clientCertificateRequired(detail: detail)
    }

    private enum PeerState { case open, closed(String) }

    /// Reads whatever the receiver sent, without blocking: session tickets are absorbed, application data
    /// (a syslog receiver has nothing to say) is discarded, and an alert, close_notify or EOF means closed.
    private func readPendingRecords() -> PeerState {
        let flags = fcntl(socket.fd, F_GETFL)
        _ = fcntl(socket.fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(socket.fd, F_SETFL, flags) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<64 {
            ERR_clear_error()
            let result = SSL_read(ssl, &buffer, Int32(buffer.count))
            let savedErrno = errno
            if result > 0 { continue }
            let code = SSL_get_error(ssl, result)
            if code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE { return .open }
            failed = true
            return .closed(Self.describe(code, errno: savedErrno))
        }
        return .open
    }

    private func requirePeerName(_ name: String, isAddress: Bool) throws(TLSFailure) {
        let parameters = SSL_get0_param(ssl)
        X509_VERIFY_PARAM_set_hostflags(parameters, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
        let accepted = isAddress ? X509_VERIFY_PARAM_set1_ip_asc(parameters, name) : SSL_set1_host(ssl, name)
        guard accepted == 1 else {
            throw .unusableSettings("'\(name)' cannot be checked against the receiver's certificate "
                                    + "(\(TLSErrorQueue.drain())); set server_name to the name the certificate carries")
        }
    }

    private func setIOTimeout(seconds: Double) {
        let whole = seconds.rounded(.down)
        var limit = timeval(tv_sec: Int(whole), tv_usec: Int((seconds - whole) * 1_000_000))
        let size = socklen_t(MemoryLayout<timeval>.size)
        setsockopt(socket.fd, SOL_SOCKET, SO_RCVTIMEO, &limit, size)
        setsockopt(socket.fd, SOL_SOCKET, SO_SNDTIMEO, &limit, size)
    }

    static func isIPAddress(_ name: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET, name, &address) == 1 || inet_pton(AF_INET6, name, &address) == 1
    }

    /// Words for a failed SSL_* call; read the error queue and errno before anything else touches them.
    static func describe(_ code: Int32, errno savedErrno: Int32) -> String {
        switch code {
        case SSL_ERROR_ZERO_RETURN:
            return "the receiver closed the TLS session"
        case SSL_ERROR_SYSCALL:
            let queued = TLSErrorQueue.drain(fallback: "")
            if !queued.isEmpty { return queued }
            return savedErrno == 0 ? "the receiver closed the connection" : Errno(savedErrno).description
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return "timed out"
        default:
            return TLSErrorQueue.drain()
        }
    }
}

/// A TLS write or read failure, as text for `SyslogError.writeFailed`.
struct TLSStreamError: Error, CustomStringConvertible {
    let description: String
}

/// Linux's POLLRDHUP (peer closed its writing side); Glibc hides it behind _GNU_SOURCE, so spelled here.
private let pollReadHangUp: Int16 = 0x2000
