/// A change in a stream transport's reach of its receiver, for the operator's log: the transport itself
/// keeps retrying quietly, so without these an outage would show only when it gives up.
public enum TransportEvent: Sendable, Equatable {
    /// A send failed and the transport is retrying; what went wrong.
    case down(SyslogError)
    /// Sending works again after `seconds` of outage.
    case up(afterSeconds: Double)
}

/// Hears `TransportEvent`s; called on the transport's actor, so it must return quickly.
public typealias TransportEventHandler = @Sendable (TransportEvent) -> Void
