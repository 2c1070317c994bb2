import Foundation
import JSONBytes
import Syslog

/// The `collector_stats` record a connector sends to its destination after each pass: the same figures as the
/// pass's log line, so the SIEM can see what was pulled, sent, filtered, shed, deferred and failed.
enum StatsRecord {
    static func message(for connector: ConnectorConfig, report: PassReport, at time: Date, formatter: SyslogFormatter) -> [UInt8] {
        let severity: SyslogSeverity = report.succeeded ? .informational : .warning
        return formatter.format(severity: severity, timestamp: time, msgId: RecordOrigin.collectorStats.messageClass,
                                message: record(tenant: connector.tenant, connector: connector.name, report: report, at: time))
    }

    /// The record's JSON (etc/findings-collector.record.schema.json, `collectorStatsRecord`).
    static func record(tenant: String, connector: String, report: PassReport, at time: Date) -> [UInt8] {
        let stats = report.stats
        var writer = JSONWriter(reservingCapacity: 512)
        RecordEnvelope(origin: .collectorStats, stamp: RecordStamp(tenant: tenant, connector: connector))
            .begin(&writer, timestampMillis: Int64(time.timeIntervalSince1970 * 1000))
        for (key, value) in [("pulled", stats.pulled), ("sent", stats.sent), ("filtered", stats.filtered), ("shed", stats.shed),
                             ("deferred", stats.deferred), ("failed", stats.failed), ("duplicates", stats.duplicates),
                             ("reduced", stats.reduced), ("resent", stats.resent), ("pages", stats.pages), ("dead_lettered_pages", stats.deadLetteredPages), ("api_retries", stats.apiRetries)] {
            writer.key(key); writer.number(Int64(value))
        }
        writer.key("shed_by_severity")
        writer.beginObject()
        for (severity, count) in stats.shedBySeverity.sorted(by: { $0.key > $1.key }) {
            writer.key(severity.name); writer.number(Int64(count))
        }
        writer.endObject()
        writer.key("filtered_by_rule")
        writer.beginObject()
        for (rule, count) in stats.filteredByRule.sorted(by: { $0.key < $1.key }) {
            writer.key(rule); writer.number(Int64(count))
        }
        writer.endObject()
        writer.key("regions_failed")
        writer.beginObject()
        for (region, reason) in report.failures.sorted(by: { $0.key < $1.key }) {
            writer.key(region); writer.string(reason)
        }
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }
}
