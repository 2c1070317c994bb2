/// Syslog over TCP (RFC 6587) with exact delivery accounting and reconnection.
///
/// Connects lazily on the first send. Messages are framed and coalesced into writes of up to 256 KiB; the
/// transport tracks which messages the kernel fully took, and after a broken connection it reconnects with
/// exponential backoff and resumes at the first message not fully written, re-sending it whole (a frame
/// torn by the break is abandoned with the old connection). What TCP itself cannot promise: bytes the
/// kernel accepted but the receiver never read are lost when the connection breaks (DESIGN §4c); before
/// each write the transport checks whether the receiver has already hung up, which closes the common case
/// of a receiver that restarted while we were idle.
public actor TCPTransport: SyslogTransport {
    /// TCP carries messages of any size.
    public nonisolated let maxMessageSize: Int? = nil

    private let host: String
    private let port: Int
    private let framing: TCPFraming
    private let connectTimeout: Double
    private let reconnect: ReconnectPolicy
    private let io = IOQueue(label: "findings-collector.syslog.tcp")
    private let writeLimit = 256 * 1024
    private var connection: TCPConnection?
    private var sending = false
    private var waitingSenders: [CheckedContinuation<Void, Never>] = []

    /// A transport to `host:port`; no I/O happens until the first `send`.
    public init(host: String, port: Int, framing: TCPFraming = .octetCounting, connectTimeout: Double = 5,
                reconnect: ReconnectPolicy = ReconnectPolicy()) {
        self.host = host
        self.port = port
        self.framing = framing
        self.connectTimeout = connectTimeout
        self.reconnect = reconnect
    }

    deinit {
        if let connection { io.later { connection.close() } }
    }

    /// Sends `messages` in order; concurrent calls are served one after the other, never interleaved.
    public func send(_ messages: [[UInt8]]) async throws {
        await acquireSendTurn()
        defer { releaseSendTurn() }
        var delivered = 0
        var chunk = FramedChunk()
        var outage = Outage()
        while delivered < messages.count {
            do {
                let connection = try await connected()
                chunk.fill(from: messages, start: delivered, framing: framing, byteLimit: writeLimit)
                let bytes = chunk.bytes
                let result = await io.run { connection.write(bytes) }
                let completed = chunk.messagesCompleted(byteCount: result.written)
                delivered += completed
                if completed > 0 { outage = Outage() }
                if let error = result.error {
                    throw SyslogError.writeFailed(detail: "connection to \(host):\(port) broke: \(error)")
                }
            } catch let error as SyslogError {
                dropConnection()
                try await outage.waitBeforeRetry(after: error, policy: reconnect, delivered: delivered,
                                                  host: host, port: port)
            }
        }
    }

    /// Closes the connection (waking a blocked write, which then reconnects unless its task is cancelled).
    public func close() async {
        dropConnection()
    }

    private func connected() async throws(SyslogError) -> TCPConnection {
        if let connection {
            let closedByPeer = await io.run { connection.peerHasClosed() }
            if !closedByPeer { return connection }
            dropConnection()
        }
        let (host, port, timeout) = (self.host, self.port, connectTimeout)
        let opened = await io.run { TCPConnection.open(host: host, port: port, timeout: timeout) }
        let connection = try opened.get()
        self.connection = connection
        return connection
    }

    private func dropConnection() {
        guard let connection else { return }
        self.connection = nil
        connection.abort()
        io.later { connection.close() }
    }

    private func acquireSendTurn() async {
        if !sending {
            sending = true
            return
        }
        await withCheckedContinuation { waitingSenders.append($0) }
    }

    private func releaseSendTurn() {
        if waitingSenders.isEmpty {
            sending = false
        } else {
            waitingSenders.removeFirst().resume()   // the turn passes directly; `sending` stays true
        }
    }
}
