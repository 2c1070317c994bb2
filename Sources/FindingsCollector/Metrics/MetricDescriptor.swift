/// What kind of series a metric family holds, named as the Prometheus `# TYPE` line names it.
public enum MetricType: String, Sendable {
    case counter, gauge, histogram
}

/// A metric family's fixed description: name, help text, type, the label names every series carries,
/// and for a histogram its bucket upper bounds.
public struct MetricDescriptor: Sendable, Equatable {
    public let name: String
    public let help: String
    public let type: MetricType
    public let labelNames: [String]
    /// Ascending, finite upper bounds; the `+Inf` bucket is implied.
    public let buckets: [Double]

    /// Metric and label names are code, not input: an invalid one is a programming error and traps.
    public init(name: String, help: String, type: MetricType, labelNames: [String] = [], buckets: [Double] = []) {
        precondition(Self.isValidMetricName(name), "invalid metric name \(name)")
        precondition(labelNames.allSatisfy(Self.isValidLabelName), "invalid label name in \(labelNames)")
        precondition(Set(labelNames).count == labelNames.count, "duplicate label name in \(labelNames)")
        precondition(type != .histogram || !labelNames.contains("le"), "a histogram cannot have a label named le")
        precondition(type == .histogram || buckets.isEmpty, "only histograms have buckets")
        precondition(zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 } && buckets.allSatisfy(\.isFinite),
                     "histogram buckets must be finite and ascending")
        self.name = name
        self.help = help
        self.type = type
        self.labelNames = labelNames
        self.buckets = buckets
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`, the exposition format's metric name.
    static func isValidMetricName(_ name: String) -> Bool {
        isName(name, extra: UInt8(ascii: ":"))
    }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`, without the `__` prefix Prometheus reserves.
    static func isValidLabelName(_ name: String) -> Bool {
        isName(name, extra: nil) && !name.hasPrefix("__")
    }

    private static func isName(_ name: String, extra: UInt8?) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first else { return false }
        func isStart(_ byte: UInt8) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == extra
        }
        return isStart(first) && bytes.dropFirst().allSatisfy { isStart($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }
}

/// One series' label values, in the order of the family's `labelNames`.
public struct MetricLabels: Hashable, Sendable, Comparable {
    public let values: [String]

    public init(_ values: [String]) {
        self.values = values
    }

    public static func < (lhs: MetricLabels, rhs: MetricLabels) -> Bool {
        lhs.values.lexicographicallyPrecedes(rhs.values)
    }
}
