import Foundation
import JSONBytes
import Syslog

/// Sends one test record to a connector's destination, as a real pass would.
struct DestinationProbe: Sendable {
    let config: CollectorConfig
    let connector: ConnectorConfig
    let clock: @Sendable () -> Date

    func run() async throws -> String {
        guard let destination = config.destination(for: connector) else {
            throw ConfigError.invalid([ConfigProblem("destination", "no destination \(connector.destination)")])
        }
        let transport = try CollectorRuntime.transport(for: destination, connectTimeout: 5, giveUpAfter: 0)
        let now = clock()
        let formatter = SyslogFormatter(format: destination.format, facility: destination.facility)
        let message = formatter.format(severity: .notice, timestamp: now, msgId: RecordOrigin.collectorTest.messageClass,
                                       message: Self.record(tenant: connector.tenant, connector: connector.name, at: now))
        do {
            try await transport.send([message])
        } catch {
            await transport.close()
            throw error
        }
        await transport.close()
        let kind = switch destination.transport {
        case .udp: "sent a test record (UDP cannot confirm delivery)"
        case .tcp, .tls: "accepted a test record"
        case .relp: "acknowledged a test record"
        }
        return "\(destination.transport.rawValue)://\(destination.host):\(destination.port) \(kind)"
    }

    /// The test record's JSON (etc/findings-collector.record.schema.json, `collectorTestRecord`).
    static func record(tenant: String, connector: String, at time: Date) -> [UInt8] {
        var record = JSONWriter(reservingCapacity: 256)
        RecordEnvelope(origin: .collectorTest, stamp: RecordStamp(tenant: tenant, connector: connector))
            .begin(&record, timestampMillis: Int64(time.timeIntervalSince1970 * 1000))
        record.key("message"); record.string("findings-collector test-connector: destination reachable")
        record.endObject()
        return record.bytes
    }
}
