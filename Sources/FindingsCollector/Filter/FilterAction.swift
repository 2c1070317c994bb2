/// What a log-filter rule (or the filter's default) does with a record.
public enum FilterAction: String, Sendable, Equatable, CaseIterable {
    /// The record goes on to the destination.
    case keep
    /// The record is counted as filtered and not sent.
    case drop
}
