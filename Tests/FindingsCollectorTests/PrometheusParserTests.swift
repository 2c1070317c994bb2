import FindingsCollector
import Foundation
import HTTP
import XCTest
import TestSupport

/// The exposition checked by a parser nobody here wrote: prometheus_client's (Python), and a real scrape.
final class PrometheusParserTests: XCTestCase {
    private func recordedMetrics() -> CollectorMetrics {
        let metrics = CollectorMetrics(version: "9.8.7")
        metrics.register(connector: "idle")
        metrics.pulled(connector: "prod", 250)
        metrics.sent(connector: "prod", 180)
        metrics.filtered(connector: "prod", rule: "drop \"informational\" \\ low", 40)
        metrics.shed(connector: "prod", severity: .low, 20)
        metrics.shed(connector: "prod", severity: .informational, 5)
        metrics.deferred(connector: "prod", 3)
        metrics.failed(connector: "prod", 2)
        for status in [200, 200, 200, 429] { metrics.apiRequest(connector: "prod", status: status) }
        metrics.apiRequest(connector: "prod", status: nil)
        metrics.retry(connector: "prod")
        metrics.retry(connector: "prod")
        metrics.throttle(connector: "prod")
        metrics.queueDepth(destination: "siem-tcp", 17)
        metrics.lastSuccess(connector: "prod", at: Date(timeIntervalSince1970: 1_700_000_000.25))
        metrics.cursorAge(connector: "prod", region: "eu-west-1", seconds: 121.5)
        for seconds in [0.08, 0.3, 0.3, 7] { metrics.pageLatency(connector: "prod", seconds: seconds) }
        return metrics
    }

    /// What the parser saw: sample name + sorted labels → value.
    private func parse(_ text: String) throws -> [String: Double] {
        let script = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = {}
            for family in text_string_to_metric_families(sys.stdin.read()):
                for s in family.samples:
                    key = s.name + "{" + ",".join(f"{k}={v}" for k, v in sorted(s.labels.items())) + "}"
                    out[key] = s.value
                    out["TYPE " + family.name] = {"counter": 1, "gauge": 2, "histogram": 3}.get(family.type, 0)
            print(json.dumps(out))
            """
        let result = try ExternalTool.run("python3", ["-c", script], input: text,
                                          installHint: "install Python 3 and prometheus_client (`bash .ci/setup test`)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try XCTUnwrap(object as? [String: Double], "unexpected parser output: \(result.stdout)")
    }

    func testCollectorMetricsParseWithTheValuesRecorded() throws {
        let text = PrometheusExposition.render(recordedMetrics().registry.snapshot())
        let samples = try parse(text)
        let p = "findings_collector_"
        let expected: [String: Double] = [
            "\(p)build_info{version=9.8.7}": 1,
            "\(p)findings_pulled_total{connector=prod}": 250,
            "\(p)findings_pulled_total{connector=idle}": 0,
            "\(p)findings_sent_total{connector=prod}": 180,
            "\(p)findings_filtered_total{connector=prod,rule=drop \"informational\" \\ low}": 40,
            "\(p)findings_shed_total{connector=prod,severity=low}": 20,
            "\(p)findings_shed_total{connector=prod,severity=informational}": 5,
            "\(p)findings_deferred_total{connector=prod}": 3,
            "\(p)findings_failed_total{connector=prod}": 2,
            "\(p)api_requests_total{connector=prod,status=200}": 3,
            "\(p)api_requests_total{connector=prod,status=429}": 1,
            "\(p)api_requests_total{connector=prod,status=none}": 1,
            "\(p)api_retries_total{connector=prod}": 2,
            "\(p)api_throttles_total{connector=prod}": 1,
            "\(p)queue_depth_records{destination=siem-tcp}": 17,
            "\(p)last_success_timestamp_seconds{connector=prod}": 1_700_000_000.25,
            "\(p)cursor_age_seconds{connector=prod,region=eu-west-1}": 121.5,
            "\(p)page_latency_seconds_bucket{connector=prod,le=0.1}": 1,
            "\(p)page_latency_seconds_bucket{connector=prod,le=0.5}": 3,
            "\(p)page_latency_seconds_bucket{connector=prod,le=5}": 3,
            "\(p)page_latency_seconds_bucket{connector=prod,le=10}": 4,
            "\(p)page_latency_seconds_bucket{connector=prod,le=+Inf}": 4,
            "\(p)page_latency_seconds_count{connector=prod}": 4,
            "TYPE \(p)findings_pulled": 1,
            "TYPE \(p)queue_depth_records": 2,
            "TYPE \(p)page_latency_seconds": 3,
        ]
        for (key, value) in expected {
            XCTAssertEqual(samples[key], value, "\(key) in\n\(text)")
        }
        XCTAssertEqual(try XCTUnwrap(samples["\(p)page_latency_seconds_sum{connector=prod}"]), 7.68, accuracy: 1e-9)
    }

    func testMetricsServerIsScrapedOverHTTP() async throws {
        let metrics = recordedMetrics()
        let server = try MetricsServer(host: "127.0.0.1", port: 0, registry: metrics.registry)
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }

        let response = try await client.send(HTTPRequest(method: "GET", url: server.url))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.headers.value(for: "Content-Type"), "text/plain; version=0.0.4; charset=utf-8")
        let samples = try parse(String(decoding: response.body, as: UTF8.self))
        XCTAssertEqual(samples["findings_collector_findings_pulled_total{connector=prod}"], 250)

        // A later scrape sees later events: the endpoint renders live state, not a copy taken at start.
        metrics.pulled(connector: "prod", 1)
        let again = try await client.send(HTTPRequest(method: "GET", url: server.url))
        XCTAssertTrue(String(decoding: again.body, as: UTF8.self)
            .contains("findings_collector_findings_pulled_total{connector=\"prod\"} 251\n"))

        let elsewhere = try await client.send(HTTPRequest(method: "GET", url: server.url.replacingOccurrences(of: "/metrics", with: "/")))
        XCTAssertEqual(elsewhere.status, 404)
        let post = try await client.send(HTTPRequest(method: "POST", url: server.url))
        XCTAssertEqual(post.status, 405)
        XCTAssertEqual(post.headers.value(for: "Allow"), "GET, HEAD")
    }

    func testMetricsServerRefusesNonLoopbackAddresses() {
        let registry = MetricsRegistry()
        for host in ["0.0.0.0", "192.168.1.10", "::", "example.com"] {
            XCTAssertThrowsError(try MetricsServer(host: host, port: 0, registry: registry)) { error in
                XCTAssertEqual(error as? MetricsServerError, .notLoopback(host: host))
            }
        }
        XCTAssertNoThrow(try MetricsServer(host: "::1", port: 0, registry: registry).stop())
        XCTAssertNoThrow(try MetricsServer(host: "127.0.0.2", port: 0, registry: registry).stop())
    }

    func testATakenPortIsReportedWithTheAddress() throws {
        let registry = MetricsRegistry()
        let first = try MetricsServer(host: "127.0.0.1", port: 0, registry: registry)
        defer { first.stop() }
        XCTAssertThrowsError(try MetricsServer(host: "127.0.0.1", port: first.port, registry: registry)) { error in
            XCTAssertTrue("\(error)".contains("127.0.0.1:\(first.port)"), "\(error)")
        }
    }
}
