import Foundation

/// The daemon's named metric families and the events that move them; the run loop calls these, the
/// metrics endpoint renders `registry`. Every counter is per connector, so one noisy tenant shows.
public struct CollectorMetrics: Sendable {
    public let registry: MetricsRegistry

    private let pulledTotal: CounterFamily
    private let sentTotal: CounterFamily
    private let filteredTotal: CounterFamily
    private let shedTotal: CounterFamily
    private let deferredTotal: CounterFamily
    private let failedTotal: CounterFamily
    private let apiRequestsTotal: CounterFamily
    private let apiRetriesTotal: CounterFamily
    private let apiThrottlesTotal: CounterFamily
    private let queueDepthGauge: GaugeFamily
    private let lastSuccessGauge: GaugeFamily
    private let cursorAgeGauge: GaugeFamily
    private let pageLatencyHistogram: HistogramFamily

    /// Page latency buckets: an Inspector2 page normally takes 0.2–2 s; throttled retries push it to tens.
    public static let pageLatencyBuckets: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

    /// Registers the families in `registry` (a fresh one by default) and sets build info to this version.
    public init(registry: MetricsRegistry = MetricsRegistry(), version: String = CollectorVersion.current) {
        self.registry = registry
        let prefix = "findings_collector_"
        func counter(_ name: String, _ help: String, _ labels: [String] = ["connector"]) -> CounterFamily {
            registry.counter(prefix + name, help: help, labelNames: labels)
        }
        func gauge(_ name: String, _ help: String, _ labels: [String]) -> GaugeFamily {
            registry.gauge(prefix + name, help: help, labelNames: labels)
        }
        registry.gauge(prefix + "build_info", help: "Always 1; the version label says which build runs.",
                       labelNames: ["version"]).set(1, labels: version)
        pulledTotal = counter("findings_pulled_total", "Findings pulled from the scanner API.")
        sentTotal = counter("findings_sent_total", "Records handed to the syslog destination.")
        filteredTotal = counter("findings_filtered_total", "Records dropped by a log filter rule.", ["connector", "rule"])
        shedTotal = counter("findings_shed_total", "Records shed because the destination was over capacity.",
                            ["connector", "severity"])
        deferredTotal = counter("findings_deferred_total",
                                "Findings left for a later pass because the destination queue was full.")
        failedTotal = counter("findings_failed_total", "Findings that could not be mapped or delivered.")
        apiRequestsTotal = counter("api_requests_total", "Scanner API requests by HTTP status (\"none\": no response).",
                                   ["connector", "status"])
        apiRetriesTotal = counter("api_retries_total", "Scanner API requests retried.")
        apiThrottlesTotal = counter("api_throttles_total", "Scanner API requests answered with throttling.")
        queueDepthGauge = gauge("queue_depth_records", "Records waiting in the destination queue.", ["destination"])
        lastSuccessGauge = gauge("last_success_timestamp_seconds",
                                 "Unix time of the connector's last fully successful pass.", ["connector"])
        cursorAgeGauge = gauge("cursor_age_seconds", "How far the saved cursor lags behind now.", ["connector", "region"])
        pageLatencyHistogram = registry.histogram(prefix + "page_latency_seconds",
                                                  help: "Time to fetch one page of findings, retries included.",
                                                  labelNames: ["connector"], buckets: Self.pageLatencyBuckets)
    }

    /// Shows a connector's counters at 0 before its first event, so `rate()` and alerts see it from the start.
    public func register(connector: String) {
        for family in [pulledTotal, sentTotal, deferredTotal, failedTotal, apiRetriesTotal, apiThrottlesTotal] {
            family.increment(by: 0, labels: connector)
        }
    }

    public func pulled(connector: String, _ count: Int) { pulledTotal.increment(by: Double(count), labels: connector) }
    public func sent(connector: String, _ count: Int) { sentTotal.increment(by: Double(count), labels: connector) }
    public func deferred(connector: String, _ count: Int) { deferredTotal.increment(by: Double(count), labels: connector) }
    public func failed(connector: String, _ count: Int) { failedTotal.increment(by: Double(count), labels: connector) }

    /// `rule` names the filter rule that dropped the records.
    public func filtered(connector: String, rule: String, _ count: Int) {
        filteredTotal.increment(by: Double(count), labels: connector, rule)
    }

    public func shed(connector: String, severity: FindingSeverity, _ count: Int) {
        shedTotal.increment(by: Double(count), labels: connector, severity.name.lowercased())
    }

    /// One API request; `status` is the HTTP status, nil when no response came (connection, TLS, timeout).
    public func apiRequest(connector: String, status: Int?) {
        apiRequestsTotal.increment(labels: connector, status.map(String.init) ?? "none")
    }

    public func retry(connector: String) { apiRetriesTotal.increment(labels: connector) }
    public func throttle(connector: String) { apiThrottlesTotal.increment(labels: connector) }

    public func queueDepth(destination: String, _ records: Int) {
        queueDepthGauge.set(Double(records), labels: destination)
    }

    public func lastSuccess(connector: String, at date: Date) {
        lastSuccessGauge.set(date.timeIntervalSince1970, labels: connector)
    }

    public func cursorAge(connector: String, region: String, seconds: Double) {
        cursorAgeGauge.set(seconds, labels: connector, region)
    }

    public func pageLatency(connector: String, seconds: Double) {
        pageLatencyHistogram.observe(seconds, labels: connector)
    }
}
