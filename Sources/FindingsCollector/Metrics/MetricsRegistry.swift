import Synchronization

/// The daemon's metrics: families of counters, gauges and histograms with labelled series, updated from
/// any thread and read as a consistent snapshot by the exposition. One lock guards everything: updates
/// are a dictionary lookup and an add, far cheaper than the network work they count.
public final class MetricsRegistry: Sendable {
    private struct Family {
        let descriptor: MetricDescriptor
        var series: [MetricLabels: MetricValue] = [:]
    }

    private struct State {
        var order: [String] = []
        var families: [String: Family] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// A counter family (only goes up); register once, keep the handle.
    public func counter(_ name: String, help: String, labelNames: [String] = []) -> CounterFamily {
        CounterFamily(registry: self, descriptor: register(MetricDescriptor(name: name, help: help, type: .counter, labelNames: labelNames)))
    }

    /// A gauge family (set to the current value).
    public func gauge(_ name: String, help: String, labelNames: [String] = []) -> GaugeFamily {
        GaugeFamily(registry: self, descriptor: register(MetricDescriptor(name: name, help: help, type: .gauge, labelNames: labelNames)))
    }

    /// A histogram family with these bucket upper bounds (ascending; `+Inf` is added).
    public func histogram(_ name: String, help: String, labelNames: [String] = [], buckets: [Double]) -> HistogramFamily {
        let descriptor = MetricDescriptor(name: name, help: help, type: .histogram, labelNames: labelNames, buckets: buckets)
        return HistogramFamily(registry: self, descriptor: register(descriptor))
    }

    /// Every family in registration order, each with its series sorted by label values.
    public func snapshot() -> [MetricFamilySnapshot] {
        state.withLock { state in
            state.order.compactMap { name in
                guard let family = state.families[name] else { return nil }
                let series = family.series.sorted { $0.key < $1.key }.map { (labels: $0.key, value: $0.value) }
                return MetricFamilySnapshot(descriptor: family.descriptor, series: series)
            }
        }
    }

    /// Registering the same family twice returns it again; the same name with another shape is a bug.
    private func register(_ descriptor: MetricDescriptor) -> MetricDescriptor {
        state.withLock { state in
            if let existing = state.families[descriptor.name] {
                precondition(existing.descriptor == descriptor, "metric \(descriptor.name) registered twice with different shapes")
                return descriptor
            }
            var family = Family(descriptor: descriptor)
            // A family without labels has exactly one series: show it at zero from the start.
            if descriptor.labelNames.isEmpty {
                family.series[MetricLabels([])] = Self.zero(for: descriptor)
            }
            state.order.append(descriptor.name)
            state.families[descriptor.name] = family
            return descriptor
        }
    }

    /// Applies `change` to one series, creating it at zero first.
    func update(_ descriptor: MetricDescriptor, labels: [String], _ change: (inout MetricValue) -> Void) {
        precondition(labels.count == descriptor.labelNames.count,
                     "\(descriptor.name) takes labels \(descriptor.labelNames), got \(labels.count) values")
        let key = MetricLabels(labels)
        state.withLock { state in
            guard var family = state.families.removeValue(forKey: descriptor.name) else { return }
            change(&family.series[key, default: Self.zero(for: descriptor)])
            state.families[descriptor.name] = family
        }
    }

    private static func zero(for descriptor: MetricDescriptor) -> MetricValue {
        descriptor.type == .histogram ? .histogram(HistogramCounts(bucketCount: descriptor.buckets.count)) : .scalar(0)
    }
}
