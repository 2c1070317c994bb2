import Foundation

extension ConnectorRunner {
    /// Adds a pass to the Prometheus counters and refreshes the gauges (queue depth, cursor age, last success).
    func record(_ pass: PassReport, in metrics: CollectorMetrics, at time: Date) async {
        let name = connector.name
        let stats = pass.stats
        metrics.pulled(connector: name, stats.pulled)
        metrics.sent(connector: name, stats.sent)
        metrics.deferred(connector: name, stats.deferred)
        metrics.failed(connector: name, stats.failed)
        for (rule, count) in stats.filteredByRule { metrics.filtered(connector: name, rule: rule, count) }
        for (severity, count) in stats.shedBySeverity { metrics.shed(connector: name, severity: severity, count) }
        for _ in 0..<stats.apiRetries { metrics.retry(connector: name) }
        if pass.succeeded { metrics.lastSuccess(connector: name, at: time) }
        metrics.queueDepth(destination: destination.name, await destination.depth)
        for source in sources {
            if let cursor = try? checkpoints.cursor(connector: name, region: source.scope) {
                metrics.cursorAge(connector: name, region: source.scope, seconds: time.timeIntervalSince1970 - cursor)
            }
        }
    }
}
