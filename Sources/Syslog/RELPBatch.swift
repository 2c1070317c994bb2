/// Where each message of one `RELPTransport.send` stands, across however many sessions it takes.
struct RELPBatch {
    private enum State {
        /// Not transmitted on any session yet, or refused by the receiver (which then does not hold it).
        case unsent
        /// Transmitted, not answered: the receiver may hold it, so transmitting it again may duplicate it.
        case awaitingAnswer
        case acknowledged
    }

    private var states: [State]
    private var refusals: [Int]
    /// How many leading messages the receiver acknowledged.
    private(set) var confirmed = 0
    /// Where the current session goes on transmitting.
    private var next = 0

    init(count: Int) {
        states = Array(repeating: .unsent, count: count)
        refusals = Array(repeating: 0, count: count)
    }

    var isAcknowledged: Bool { confirmed == states.count }

    /// A new session: every message not acknowledged is transmitted (again), in order.
    mutating func restart() { next = confirmed }

    /// The next message the current session has not transmitted and the receiver has not acknowledged.
    mutating func nextToTransmit() -> Int? {
        while next < states.count && states[next] == .acknowledged { next += 1 }
        return next < states.count ? next : nil
    }

    /// Records that message `index` goes out on the current session; true when that re-sends a message the
    /// receiver may already hold.
    mutating func transmit(_ index: Int) -> Bool {
        let again = states[index] == .awaitingAnswer
        states[index] = .awaitingAnswer
        next = index + 1
        return again
    }

    mutating func acknowledge(_ index: Int) {
        states[index] = .acknowledged
        while confirmed < states.count && states[confirmed] == .acknowledged { confirmed += 1 }
    }

    /// Records the receiver's refusal of message `index`; returns how often it was refused so far.
    mutating func refuse(_ index: Int) -> Int {
        states[index] = .unsent
        refusals[index] += 1
        return refusals[index]
    }
}
