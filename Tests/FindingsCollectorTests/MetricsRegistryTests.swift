@testable import FindingsCollector
import Foundation
import XCTest

final class MetricsRegistryTests: XCTestCase {
    func testCountersGaugesAndHistogramsRenderAsExpositionText() {
        let registry = MetricsRegistry()
        let requests = registry.counter("demo_requests_total", help: "Requests.", labelNames: ["connector", "status"])
        let depth = registry.gauge("demo_queue_depth", help: "Queue depth.", labelNames: ["destination"])
        let latency = registry.histogram("demo_latency_seconds", help: "Latency.", buckets: [0.5, 1])
        _ = registry.counter("demo_errors_total", help: "Errors.")  // unlabelled: shown at 0 before any event

        requests.increment(labels: "prod", "200")
        requests.increment(by: 2, labels: "prod", "200")
        requests.increment(labels: "dev", "429")
        depth.set(7, labels: "siem")
        depth.set(3, labels: "siem")
        for value in [0.25, 0.5, 0.75, 4.25] { latency.observe(value) }

        XCTAssertEqual(PrometheusExposition.render(registry.snapshot()), """
            # HELP demo_requests_total Requests.
            # TYPE demo_requests_total counter
            demo_requests_total{connector="dev",status="429"} 1
            demo_requests_total{connector="prod",status="200"} 3
            # HELP demo_queue_depth Queue depth.
            # TYPE demo_queue_depth gauge
            demo_queue_depth{destination="siem"} 3
            # HELP demo_latency_seconds Latency.
            # TYPE demo_latency_seconds histogram
            demo_latency_seconds_bucket{le="0.5"} 2
            demo_latency_seconds_bucket{le="1"} 3
            demo_latency_seconds_bucket{le="+Inf"} 4
            demo_latency_seconds_sum 5.75
            demo_latency_seconds_count 4
            # HELP demo_errors_total Errors.
            # TYPE demo_errors_total counter
            demo_errors_total 0

            """)
    }

    func testLabelValuesAndHelpAreEscaped() {
        let registry = MetricsRegistry()
        registry.gauge("demo_info", help: "Path C:\\x\nsecond line \"quoted\"", labelNames: ["name"])
            .set(1, labels: "a \"b\" c:\\d\r\ne")
        XCTAssertEqual(PrometheusExposition.render(registry.snapshot()), """
            # HELP demo_info Path C:\\\\x\\nsecond line "quoted"
            # TYPE demo_info gauge
            demo_info{name="a \\"b\\" c:\\\\d\r\\ne"} 1

            """)
    }

    func testValuesUsePrometheusSpelling() {
        XCTAssertEqual(PrometheusExposition.formatValue(42), "42")
        XCTAssertEqual(PrometheusExposition.formatValue(-3), "-3")
        XCTAssertEqual(PrometheusExposition.formatValue(0.25), "0.25")
        XCTAssertEqual(PrometheusExposition.formatValue(1_700_000_000.5), "1700000000.5")
        XCTAssertEqual(PrometheusExposition.formatValue(.infinity), "+Inf")
        XCTAssertEqual(PrometheusExposition.formatValue(-.infinity), "-Inf")
        XCTAssertEqual(PrometheusExposition.formatValue(.nan), "NaN")
        XCTAssertEqual(Double(PrometheusExposition.formatValue(1e20)), 1e20)
    }

    func testHistogramBucketsAreLessThanOrEqual() {
        let registry = MetricsRegistry()
        let histogram = registry.histogram("demo_seconds", help: "h", labelNames: ["connector"], buckets: [1, 2])
        histogram.observe(1, labels: "a")
        histogram.observe(2.0000001, labels: "a")
        histogram.observe(.nan, labels: "a")
        guard case .histogram(let counts)? = registry.snapshot()[0].value("a") else { return XCTFail("no series") }
        XCTAssertEqual(counts.cumulativeCounts, [1, 1, 2])
        XCTAssertEqual(counts.count, 2, "NaN has no bucket and is not counted")
    }

    func testRegisteringTheSameFamilyAgainSharesItsSeries() {
        let registry = MetricsRegistry()
        registry.counter("demo_total", help: "d", labelNames: ["connector"]).increment(labels: "x")
        registry.counter("demo_total", help: "d", labelNames: ["connector"]).increment(labels: "x")
        XCTAssertEqual(registry.snapshot().count, 1)
        XCTAssertEqual(registry.snapshot()[0].value("x"), .scalar(2))
    }

    func testConcurrentUpdatesAreAllCounted() async {
        let metrics = CollectorMetrics()
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for _ in 0..<1_000 {
                        metrics.pulled(connector: "c\(worker % 2)", 1)
                        metrics.pageLatency(connector: "c\(worker % 2)", seconds: 0.3)
                    }
                }
            }
        }
        let families = Dictionary(uniqueKeysWithValues: metrics.registry.snapshot().map { ($0.descriptor.name, $0) })
        XCTAssertEqual(families["findings_collector_findings_pulled_total"]?.value("c0"), .scalar(4_000))
        XCTAssertEqual(families["findings_collector_findings_pulled_total"]?.value("c1"), .scalar(4_000))
        guard case .histogram(let counts)? = families["findings_collector_page_latency_seconds"]?.value("c1") else {
            return XCTFail("no latency series")
        }
        XCTAssertEqual(counts.count, 4_000)
    }

    func testNamesAreValidated() {
        XCTAssertTrue(MetricDescriptor.isValidMetricName("findings_collector:rate_5m"))
        XCTAssertFalse(MetricDescriptor.isValidMetricName("9lives"))
        XCTAssertFalse(MetricDescriptor.isValidMetricName("with-dash"))
        XCTAssertTrue(MetricDescriptor.isValidLabelName("connector"))
        XCTAssertFalse(MetricDescriptor.isValidLabelName("__reserved"))
        XCTAssertFalse(MetricDescriptor.isValidLabelName("a:b"))
    }
}
