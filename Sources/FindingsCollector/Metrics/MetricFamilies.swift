/// A counter family: each series only goes up. Label values are given in the family's `labelNames` order.
public struct CounterFamily: Sendable {
    let registry: MetricsRegistry
    public let descriptor: MetricDescriptor

    /// Adds `amount` (≥ 0; a counter never goes down) to the series with these label values.
    public func increment(by amount: Double = 1, labels: String...) {
        precondition(amount >= 0, "\(descriptor.name): a counter cannot decrease")
        registry.update(descriptor, labels: labels) { value in
            if case .scalar(let current) = value { value = .scalar(current + amount) }
        }
    }
}

/// A gauge family: each series holds the latest value set.
public struct GaugeFamily: Sendable {
    let registry: MetricsRegistry
    public let descriptor: MetricDescriptor

    /// Sets the series with these label values to `newValue`.
    public func set(_ newValue: Double, labels: String...) {
        registry.update(descriptor, labels: labels) { $0 = .scalar(newValue) }
    }
}

/// A histogram family: each series counts observations per bucket, with their sum and number.
public struct HistogramFamily: Sendable {
    let registry: MetricsRegistry
    public let descriptor: MetricDescriptor

    /// Records one observation in the series with these label values; NaN is ignored (it has no bucket).
    public func observe(_ observation: Double, labels: String...) {
        guard !observation.isNaN else { return }
        let bounds = descriptor.buckets
        registry.update(descriptor, labels: labels) { value in
            if case .histogram(var counts) = value {
                counts.observe(observation, bounds: bounds)
                value = .histogram(counts)
            }
        }
    }
}
