/// The delivery engine shared by the TCP and TLS transports: framing into large writes, exact accounting
/// of which messages the stream fully took, reconnection with backoff that resumes at the first message not
/// fully written, and one batch at a time.
///
/// Connects lazily on the first send through `open`, which runs on the I/O queue. After a broken
/// connection the message a write tore is re-sent whole (a torn frame is abandoned with the old connection).
/// A `SyslogError` whose `endsRetries` is true (a certificate the operator must fix) fails the batch at
/// once instead of retrying for `ReconnectPolicy.giveUpAfter`.
///
/// A broken connection may have swallowed what the receiver had not read yet, with no error to the sender:
/// the last messages written (`ResendWindow`) go out again first on the next connection — duplicates, not loss.
/// For the same reason only what has left that window counts as confirmed, until the receiver closes its side
/// after ours (`confirmAll`), which proves it read everything.
actor StreamSender<Connection: StreamConnection> {
    typealias Opener = @Sendable () -> Result<Connection, SyslogError>

    private let host: String
    private let port: Int
    private let framing: TCPFraming
    private let reconnect: ReconnectPolicy
    private let open: Opener
    private let io: IOQueue
    private var connection: Connection?
    /// What the current connection took, newest last, within the resend budget.
    private var recent = ResendWindow(maxBytes: ResendWindow.defaultBytes)
    /// What a broken connection may have lost: written before anything else on the next one.
    private var pendingResend: [[UInt8]] = []
    private var turns = SendTurns()
    /// Messages `send` took whole, counted once each however often they were written.
    private var taken = 0
    /// Messages written again on a new connection.
    private var resent = 0
    private var outageReport: OutageReport

    /// A sender to `host:port` (named in errors); `open` connects and runs on `io`.
    init(host: String, port: Int, framing: TCPFraming, reconnect: ReconnectPolicy, io: IOQueue,
         onEvent: @escaping TransportEventHandler = { _ in }, open: @escaping Opener) {
        outageReport = OutageReport(onEvent: onEvent)
        self.host = host
        self.port = port
        self.framing = framing
        self.reconnect = reconnect
        self.io = io
        self.open = open
    }

    deinit {
        if let connection { io.later { connection.close() } }
    }

    /// Sends `messages` in order; concurrent calls are served one after the other, never interleaved.
    func send(_ messages: [[UInt8]]) async throws {
        await acquireSendTurn()
        defer { turns.release() }
        var delivered = 0
        var outage = Outage()
        while delivered < messages.count {
            do {
                // A connection kept from an earlier send may have been left by the receiver meanwhile.
                let reused = self.connection != nil
                let connection = try await connected()
                let (start, framing) = (delivered, self.framing)
                // One hop to the I/O queue for the whole batch: the hang-up check, then every frame.
                let outcome = await io.run { () -> (completed: Int, error: (any Error)?)? in
                    if reused && connection.peerHasClosed() { return nil }
                    return connection.writeFrames(messages, from: start, framing: framing)
                }
                guard let outcome else {
                    dropConnection()   // nothing written to it: reconnect, resend what it may have lost
                    continue
                }
                recent.remember(messages[start..<(start + outcome.completed)])
                delivered += outcome.completed
                taken += outcome.completed
                if outcome.completed > 0 {
                    outage = Outage()
                    outageReport.noteUp()
                }
                if let error = outcome.error {
                    throw SyslogError.writeFailed(detail: "connection to \(host):\(port) broke: \(error)")
                }
            } catch let error as SyslogError {
                dropConnection()
                outageReport.noteDown(error)
                if error.endsRetries { throw SyslogSendError(delivered: delivered, cause: error) }
                try await outage.waitBeforeRetry(after: error, policy: reconnect, delivered: delivered,
                                                  host: host, port: port)
            }
        }
    }

    /// Closes the connection: politely when idle, returning once it is closed; during a send by waking the
    /// blocked write, which then reconnects unless its task is cancelled.
    func close() async {
        if turns.isTaken {
            dropConnection()
        } else {
            await finishConnection(within: 2)
        }
    }

    var receipt: DeliveryReceipt {
        DeliveryReceipt(confirmed: taken - recent.count - pendingResend.count, resent: resent)
    }

    /// Writes what a broken connection may have lost, then ends the connection and waits for the receiver to
    /// end its side: everything written is then confirmed. The next send opens a new connection.
    func confirmAll(within seconds: Double) async -> DeliveryReceipt {
        guard recent.count + pendingResend.count > 0 else { return receipt }
        await acquireSendTurn()
        defer { turns.release() }
        if !pendingResend.isEmpty {
            do {
                _ = try await connected()
            } catch {
                dropConnection()
                outageReport.noteDown(error)
                return receipt
            }
        }
        await finishConnection(within: seconds)
        return receipt
    }

    /// Ends the idle connection; what it carried is confirmed when the receiver closed after reading it all,
    /// else kept to be written again first on the next connection.
    private func finishConnection(within seconds: Double) async {
        guard let connection else { return }
        self.connection = nil
        let peerClosed = await io.run { connection.finish(within: seconds) }
        let unconfirmed = recent.takeAll()
        if !peerClosed { pendingResend = unconfirmed + pendingResend }
    }

    /// The current connection, or a new one on which what the last one may have lost was written first.
    private func connected() async throws(SyslogError) -> Connection {
        if let connection { return connection }
        let opened = await io.run(open)
        let connection = try opened.get()
        self.connection = connection
        try await resendPending(on: connection)
        return connection
    }

    /// Writes what the last broken connection may have lost; what this one takes is remembered in turn.
    private func resendPending(on connection: Connection) async throws(SyslogError) {
        guard !pendingResend.isEmpty else { return }
        let (pending, framing) = (pendingResend, self.framing)
        let result = await io.run { connection.writeFrames(pending, from: 0, framing: framing) }
        recent.remember(pendingResend[..<result.completed])
        pendingResend.removeFirst(result.completed)
        resent += result.completed
        if let error = result.error {
            throw SyslogError.writeFailed(detail: "connection to \(host):\(port) broke: \(error)")
        }
    }

    private func dropConnection() {
        guard let connection else { return }
        self.connection = nil
        pendingResend += recent.takeAll()
        connection.abort()
        io.later { connection.close() }
    }

    private func acquireSendTurn() async {
        if !turns.tryAcquire() { await withCheckedContinuation { turns.enqueue($0) } }
    }
}

private extension SyslogError {
    /// Failures that retrying cannot cure: the operator has to change a certificate or a setting.
    var endsRetries: Bool {
        if case let .tls(_, _, failure) = self { return failure.isPermanent }
        return false
    }
}
