/// What a destination's queue does with a record offered while it is full (config `capacity.policy`).
public enum OverflowPolicy: String, Sendable, CaseIterable {
    /// Drop the lowest-priority records (the offered one included) and count them. Only where the operator
    /// asked for it: shedding trades completeness for freshness.
    case shed
    /// Queue nothing more; the caller stops pulling and its cursor stays behind what was sent,
    /// so the rest is pulled again next interval: delayed, never lost.
    case `defer`
    /// Queue nothing more; the caller waits until a send makes room and offers the record again: the
    /// default, as rsyslog's queues, Vector's `when_full: block` and Filebeat do.
    case block
}
