/// What a transport knows of the receiver's hold on the messages it was given, counted since the transport
/// was made. The destination advances a window's journal over `confirmed` only, never over "written":
/// a message written to a socket can still die in the kernel's buffers when the connection breaks.
public struct DeliveryReceipt: Sendable, Equatable {
    /// Messages the receiver is known to hold: always a prefix of everything `send` took, in order.
    /// UDP: everything sent (nothing better can be known). TCP/TLS: all but the re-send window, and all of it
    /// once the receiver closed its side after reading ours (`confirmAll`). RELP: what it acknowledged.
    public var confirmed: Int
    /// Messages written a second time after a connection broke: they may reach the receiver twice.
    public var resent: Int

    public init(confirmed: Int = 0, resent: Int = 0) {
        self.confirmed = confirmed
        self.resent = resent
    }
}
