/// What the server told the client, in the order it said it.
enum RELPSessionEvent: Equatable, Sendable {
    /// The server accepted `open`: `syslog` commands may now be sent.
    case opened(offers: [String: [String]])
    /// The server took the message sent with `tag`.
    case acknowledged(tag: Int)
    /// The server answered the message sent with `tag` with an error status; it did not take it.
    case refused(tag: Int, response: RELPResponse)
    /// The server answered our `close`: the session is over.
    case closed
    /// The server announced it is closing the session (`serverclose` hint); unacknowledged messages were not taken.
    case serverClosing
}

/// Why a RELP session cannot go on; the connection is then dropped and a new session started.
enum RELPSessionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes do not follow the RELP frame grammar.
    case malformedFrame(String)
    /// The server answered something we never asked, or answered it twice.
    case unexpectedResponse(txnr: Int, command: String)
    /// The server refused `open`.
    case openRefused(RELPResponse)
    /// The server's `open` answer lacks `relp_version` or does not offer the `syslog` command.
    case unusableOffers(String)

    var description: String {
        switch self {
        case let .malformedFrame(detail): "the receiver broke RELP framing (\(detail)); is it a RELP listener?"
        case let .unexpectedResponse(txnr, command):
            "the receiver sent \"\(command)\" for transaction \(txnr), which was not awaiting an answer"
        case let .openRefused(response): "the receiver refused the RELP session: \(response.summary)"
        case let .unusableOffers(detail): "the receiver's RELP offers are unusable: \(detail)"
        }
    }
}

/// The client side of one RELP session as a state machine that does no I/O: it turns commands into bytes to
/// send, and bytes received into events. The owner writes and reads the socket and decides what to do.
///
/// Each `syslog` command carries a caller's `tag` (e.g. the message's sequence number) that comes back in
/// the event answering it, so the owner never has to know transaction numbers. The server must answer in
/// order (librelp doc/relp.md), but the session matches answers by transaction number and so tolerates any order.
struct RELPClientSession {
    enum Phase: Equatable, Sendable {
        /// `open` not sent yet.
        case idle
        /// `open` sent, its answer awaited.
        case opening
        /// Messages may be sent.
        case open
        /// `close` sent, its answer awaited.
        case closing
        /// Over: closed by either side.
        case ended
    }

    /// librelp's default window: how many messages may await their answer at once.
    static let defaultWindow = 128

    let window: Int
    private(set) var phase = Phase.idle
    private var nextTxnr: Int
    /// Commands awaiting their answer: transaction number to the tag of its message (nil for open and close).
    private var awaiting: [Int: Int?] = [:]
    private var parser = RELPFrameParser()

    /// A session that numbers its first command `firstTxnr` (1 on the wire; other values test the wrap).
    init(window: Int = defaultWindow, firstTxnr: Int = 1) {
        self.window = window
        self.nextTxnr = firstTxnr
    }

    /// True while the window has room for another message.
    var canSendMessage: Bool { phase == .open && messagesInFlight < window }

    /// Messages sent whose answer has not arrived.
    var messagesInFlight: Int { awaiting.values.count { $0 != nil } }

    /// The `open` command offering `relp_version=0` and the `syslog` command.
    mutating func open(software: String = "findings-collector") -> [UInt8] {
        precondition(phase == .idle, "open once, first")
        phase = .opening
        var bytes: [UInt8] = []
        issue("open", data: RELPResponse.clientOffers(software: software), tag: nil, into: &bytes)
        return bytes
    }

    /// Appends a `syslog` command carrying `message` to `bytes`; only while `canSendMessage`.
    mutating func send(_ message: [UInt8], tag: Int, into bytes: inout [UInt8]) {
        precondition(canSendMessage, "send only while the session is open and the window has room")
        issue("syslog", data: message, tag: tag, into: &bytes)
    }

    /// The `close` command; afterwards no other command may be sent. Nil unless the session is open.
    mutating func close() -> [UInt8]? {
        guard phase == .open else { return nil }
        phase = .closing
        var bytes: [UInt8] = []
        issue("close", data: [], tag: nil, into: &bytes)
        return bytes
    }

    /// Feeds bytes from the server (any fragment of the stream); returns what they completed.
    mutating func receive(_ bytes: some Sequence<UInt8>) throws(RELPSessionError) -> [RELPSessionEvent] {
        var events: [RELPSessionEvent] = []
        for frame in try parser.parse(bytes) {
            if let event = try handle(frame) { events.append(event) }
        }
        return events
    }

    private mutating func issue(_ command: String, data: [UInt8], tag: Int?, into bytes: inout [UInt8]) {
        let frame = RELPFrame(txnr: nextTxnr, command: command, data: data)
        frame.encode(into: &bytes)
        awaiting[nextTxnr] = .some(tag)
        nextTxnr = RELPFrame.txnr(after: nextTxnr)
    }

    private mutating func handle(_ frame: RELPFrame) throws(RELPSessionError) -> RELPSessionEvent? {
        if frame.txnr == 0 {
            // Hints: only serverclose is defined; an unknown hint is to be ignored, as hints need no answer.
            guard frame.command == "serverclose" else { return nil }
            phase = .ended
            return .serverClosing
        }
        guard frame.command == "rsp", let entry = awaiting.removeValue(forKey: frame.txnr) else {
            throw .unexpectedResponse(txnr: frame.txnr, command: frame.command)
        }
        guard let response = RELPResponse(frame.data) else {
            throw .malformedFrame("rsp for transaction \(frame.txnr) does not start with a status code")
        }
        if let tag = entry {
            return response.isOK ? .acknowledged(tag: tag) : .refused(tag: tag, response: response)
        }
        switch phase {
        case .opening:
            guard response.isOK else { throw .openRefused(response) }
            let offers = response.offers
            guard offers["relp_version"] != nil else { throw .unusableOffers("no relp_version offered") }
            guard offers["commands"]?.contains("syslog") == true else {
                throw .unusableOffers("the syslog command is not offered (commands=\(offers["commands"] ?? []))")
            }
            phase = .open
            return .opened(offers: offers)
        case .closing:
            phase = .ended
            return .closed
        case .idle, .open, .ended:
            throw .unexpectedResponse(txnr: frame.txnr, command: frame.command)
        }
    }
}
