/// Syslog over RELP, rsyslog's Reliable Event Logging Protocol: every message is acknowledged by the receiver,
/// which closes the gap plain TCP leaves (bytes the kernel took but the receiver never read die with a
/// broken connection, DESIGN §4c). Plain TCP only: RELP over TLS is not supported.
///
/// `send` returns once the receiver acknowledged every message of the batch, keeping up to `window` messages
/// awaiting their answer. `receipt().confirmed` is exactly what was acknowledged, so `confirmAll` has nothing
/// to wait for. When the connection breaks, the messages still unanswered go out again first on a new session
/// (after `ReconnectPolicy` backoff) and are counted in `receipt().resent`: the receiver may have taken them
/// before the break, so they are the only possible duplicates.
///
/// A message answered with an error status (rsyslog's "500 …") was refused, not lost: it is tried again on a
/// new session up to `attempts` times in all, then the batch fails with `SyslogError.refused`, carrying
/// the receiver's answer. The protocol logic is `RELPClientSession`; this actor does the socket work, always
/// on its I/O queue.
public actor RELPTransport: SyslogTransport {
    /// RELP carries messages of any size (rsyslog's imrelp truncates beyond its own maxDataSize).
    public nonisolated let maxMessageSize: Int? = nil

    private let host: String
    private let port: Int
    private let connectTimeout: Double
    private let responseTimeout: Double
    private let reconnect: ReconnectPolicy
    private let window: Int
    private let attempts: Int
    private let io = IOQueue(label: "findings-collector.syslog.relp")
    private var connection: TCPConnection?
    private var session = RELPClientSession()
    private var outageReport: OutageReport
    private var turns = SendTurns()
    /// Messages the receiver acknowledged, counted once each.
    private var acknowledged = 0
    /// Messages transmitted again on a new session while the receiver may have taken them on the last.
    private var resent = 0

    /// A transport to `host:port`; no I/O happens until the first `send`. A session that leaves messages
    /// unanswered for `responseTimeout` seconds (or does not answer `open` in that time) is given up and
    /// replaced; `window` (librelp's default 128) bounds the messages awaiting an answer; `attempts` bounds
    /// how often one message is offered to a receiver that refuses it.
    public init(host: String, port: Int, connectTimeout: Double = 5, responseTimeout: Double = 30,
                window: Int = 128, attempts: Int = 3,
                reconnect: ReconnectPolicy = ReconnectPolicy(), onEvent: @escaping TransportEventHandler = { _ in }) {
        self.host = host
        self.port = port
        self.connectTimeout = connectTimeout
        self.responseTimeout = responseTimeout
        self.window = max(window, 1)
        self.attempts = max(attempts, 1)
        self.reconnect = reconnect
        outageReport = OutageReport(onEvent: onEvent)
    }

    deinit {
        if let connection { io.later { connection.close() } }
    }

    /// Sends `messages` in order and returns once the receiver acknowledged each; concurrent calls are served
    /// one after the other. On failure `SyslogSendError.delivered` is the acknowledged prefix of the batch.
    public func send(_ messages: [[UInt8]]) async throws {
        if !turns.tryAcquire() { await withCheckedContinuation { turns.enqueue($0) } }
        defer { turns.release() }
        var batch = RELPBatch(count: messages.count)
        var outage = Outage()
        while !batch.isAcknowledged {
            do {
                let connection = try await openSession(resumingAt: &batch)
                var bytes: [UInt8] = []
                while session.canSendMessage, let index = batch.nextToTransmit() {
                    if batch.transmit(index) { resent += 1 }
                    session.send(messages[index], tag: index, into: &bytes)
                }
                let before = batch.confirmed
                try await exchange(bytes, on: connection, batch: &batch)
                if batch.confirmed > before {
                    outage = Outage()
                    outageReport.noteUp()
                }
            } catch {
                dropConnection()
                outageReport.noteDown(error)
                if case let .refused(_, _, _, count) = error, count >= attempts {
                    throw SyslogSendError(delivered: batch.confirmed, cause: error)
                }
                try await outage.waitBeforeRetry(after: error, policy: reconnect, delivered: batch.confirmed,
                                                  host: host, port: port)
            }
        }
    }

    /// Exactly what the receiver acknowledged.
    public func receipt() async -> DeliveryReceipt {
        DeliveryReceipt(confirmed: acknowledged, resent: resent)
    }

    /// Immediate: an acknowledged message is confirmed, and `send` returns only once all were.
    public func confirmAll(within seconds: Double) async -> DeliveryReceipt {
        await receipt()
    }

    /// Ends the session with `close`, waiting briefly for its answer; during a send, wakes the blocked call
    /// instead (the send then starts a new session unless its task is cancelled).
    public func close() async {
        guard let connection else { return }
        guard !turns.isTaken, let goodbye = session.close() else { return dropConnection() }
        self.connection = nil
        let deadline = ContinuousClock.now + .seconds(2)
        var pending = goodbye
        while session.phase == .closing {
            let reply = await io.run { [pending] in Self.write(pending, andReceiveOn: connection, until: deadline) }
            pending = []
            guard case let .received(bytes) = reply, (try? session.receive(bytes)) != nil else { break }
        }
        io.later { connection.close() }
    }

    /// The open session, or a new one; a new one starts again at the first message not acknowledged.
    private func openSession(resumingAt batch: inout RELPBatch) async throws(SyslogError) -> TCPConnection {
        if let connection, session.phase == .open { return connection }
        dropConnection()
        let (host, port, connectTimeout, stall) = (host, port, connectTimeout, responseTimeout)
        let connection = try await io.run {
            TCPConnection.open(host: host, port: port, timeout: connectTimeout).map { connection in
                SocketCalls.limitWriteStall(connection.fd, to: stall)
                return connection
            }
        }.get()
        self.connection = connection
        session = RELPClientSession(window: window)
        batch.restart()
        let deadline = ContinuousClock.now + .milliseconds(Int64(responseTimeout * 1000))
        var pending = session.open()
        while session.phase == .opening {
            let reply = await io.run { [pending] in Self.write(pending, andReceiveOn: connection, until: deadline) }
            pending = []
            guard case let .received(bytes) = reply else {
                throw failure(reply, waitingFor: "answer RELP open")
            }
            _ = try receive(bytes)
        }
        return connection
    }

    /// Writes `bytes`, then waits for answers and applies them to `batch`; throws when the session cannot go on.
    private func exchange(_ bytes: [UInt8], on connection: TCPConnection, batch: inout RELPBatch) async throws(SyslogError) {
        let deadline = ContinuousClock.now + .milliseconds(Int64(responseTimeout * 1000))
        let reply = await io.run { Self.write(bytes, andReceiveOn: connection, until: deadline) }
        guard case let .received(received) = reply else {
            throw failure(reply, waitingFor: "acknowledge \(session.messagesInFlight) messages")
        }
        // Every event of the read is applied before the session is given up, so an acknowledgement behind a
        // refusal spares that message a re-send.
        var ending: SyslogError?
        for event in try receive(received) {
            switch event {
            case let .acknowledged(index):
                let before = batch.confirmed
                batch.acknowledge(index)
                acknowledged += batch.confirmed - before
            case let .refused(index, response):
                let refusal = SyslogError.refused(host: host, port: port, answer: response.summary,
                                                  attempts: batch.refuse(index))
                if ending == nil { ending = refusal }
            case .serverClosing, .closed:
                if ending == nil {
                    ending = .protocolFailure(host: host, port: port, detail: "the receiver closed the session "
                                              + "with \(session.messagesInFlight) messages unacknowledged")
                }
            case .opened:
                break
            }
        }
        if let ending { throw ending }
    }

    private func receive(_ bytes: [UInt8]) throws(SyslogError) -> [RELPSessionEvent] {
        do {
            return try session.receive(bytes)
        } catch {
            throw .protocolFailure(host: host, port: port, detail: error.description)
        }
    }

    /// The error for a reply that brought no bytes while the receiver was expected to `action`.
    private func failure(_ reply: SocketCalls.Received, waitingFor action: String) -> SyslogError {
        switch reply {
        case .timedOut:
            .protocolFailure(host: host, port: port, detail: "the receiver did not \(action) within \(responseTimeout) s; "
                             + "is it a RELP listener (rsyslog imrelp)?")
        case .endOfStream:
            .writeFailed(detail: "\(host):\(port) closed the connection before it would \(action)")
        case let .failed(error):
            .writeFailed(detail: "connection to \(host):\(port) broke: \(error)")
        case .received:
            .protocolFailure(host: host, port: port, detail: "unexpected data")
        }
    }

    /// Blocking: writes `bytes` (if any), then waits for what the receiver sends.
    private static func write(_ bytes: [UInt8], andReceiveOn connection: TCPConnection,
                              until deadline: ContinuousClock.Instant) -> SocketCalls.Received {
        if !bytes.isEmpty, let error = connection.write(bytes).error as? Errno {
            return .failed(error)
        }
        return SocketCalls.receive(connection.fd, until: deadline)
    }

    private func dropConnection() {
        guard let connection else { return }
        self.connection = nil
        connection.abort()
        io.later { connection.close() }
    }
}
