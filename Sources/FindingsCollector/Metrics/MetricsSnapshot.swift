/// The value of one series at the moment of a snapshot.
public enum MetricValue: Sendable, Equatable {
    case scalar(Double)
    /// Per-bucket counts (not cumulative; one per descriptor bucket, then the +Inf overflow), sum and count.
    case histogram(HistogramCounts)
}

/// A histogram's observations: how many fell in each bucket, their sum and their number.
public struct HistogramCounts: Sendable, Equatable {
    /// One entry per bucket bound plus a last one for values above every bound.
    public private(set) var bucketCounts: [UInt64]
    public private(set) var sum: Double = 0
    public private(set) var count: UInt64 = 0

    init(bucketCount: Int) {
        bucketCounts = Array(repeating: 0, count: bucketCount + 1)
    }

    mutating func observe(_ value: Double, bounds: [Double]) {
        // Prometheus buckets are "less than or equal": a value on a bound belongs to that bound's bucket.
        let index = bounds.firstIndex { value <= $0 } ?? bounds.count
        bucketCounts[index] += 1
        sum += value
        count += 1
    }

    /// Cumulative counts per bound, the `_bucket` series; the last one (+Inf) equals `count`.
    public var cumulativeCounts: [UInt64] {
        var running: UInt64 = 0
        return bucketCounts.map { running += $0; return running }
    }
}

/// A family and its series, sorted by label values so the exposition is stable.
public struct MetricFamilySnapshot: Sendable, Equatable {
    public let descriptor: MetricDescriptor
    public let series: [(labels: MetricLabels, value: MetricValue)]

    public static func == (lhs: MetricFamilySnapshot, rhs: MetricFamilySnapshot) -> Bool {
        lhs.descriptor == rhs.descriptor && lhs.series.count == rhs.series.count
            && zip(lhs.series, rhs.series).allSatisfy { $0.labels == $1.labels && $0.value == $1.value }
    }

    /// The value of the series with these label values (in `labelNames` order), if it exists.
    public func value(_ labelValues: String...) -> MetricValue? {
        series.first { $0.labels.values == labelValues }?.value
    }
}
