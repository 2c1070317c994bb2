/// Reads a destination's `capacity` section:
/// `{"events_per_second": 500, "burst": 1000, "max_queued_records": 10000, "max_queued_bytes": 16777216, "policy": "shed"}`.
/// Every key is optional; a missing section means `DestinationCapacity()` (no rate limit, default bounds, block).
enum CapacityReader {
    static let eventsPerSecondRange = 0.0...1_000_000.0
    static let burstRange = 1...10_000_000
    static let maxQueuedRecordsRange = 1...10_000_000
    /// At least 64 KiB, so the largest syslog message (65 000 bytes) always fits; at most 16 GiB.
    static let maxQueuedBytesRange = 65_536...17_179_869_184

    /// The capacity the section describes; each problem is reported at its key path, with defaults in its place.
    static func read(_ reader: ConfigReader) -> DestinationCapacity {
        let rateGiven = reader.has("events_per_second")
        let rate = reader.double("events_per_second", default: 1, range: eventsPerSecondRange)
        if rateGiven, rate == 0 {
            reader.report("events_per_second", "must be more than 0; leave it out for no rate limit")
        }
        let eventsPerSecond = rateGiven && rate > 0 ? rate : nil

        let burstGiven = reader.has("burst")
        let burst = reader.int("burst", default: 1, range: burstRange)
        if burstGiven, !rateGiven {
            reader.report("burst", "only used with events_per_second (the token bucket's refill rate); set both or neither")
        }
        let records = reader.int("max_queued_records", default: DestinationCapacity.defaultMaxQueuedRecords,
                                 range: maxQueuedRecordsRange)
        let bytes = reader.int("max_queued_bytes", default: DestinationCapacity.defaultMaxQueuedBytes,
                               range: maxQueuedBytesRange)
        let policy = reader.choice("policy", default: OverflowPolicy.block) ?? .block
        reader.rejectUnknownKeys()

        return DestinationCapacity(eventsPerSecond: eventsPerSecond,
                                   burst: burstGiven && eventsPerSecond != nil ? burst : nil,
                                   maxQueuedRecords: records, maxQueuedBytes: bytes, policy: policy)
    }
}
