import FindingsCollector
import Foundation
import JSONBytes
import Syslog

/// The collector's hot path without the network to AWS: page bytes → `ListFindingsPage.parse` →
/// `RecordEncoder` (mapper, log filter, RFC 5424) → the real syslog transport → a draining loopback receiver.
/// As in the daemon, where the connector runner encodes while the destination queue sends: one batch per
/// page, sent while the next page is encoded, at most one batch in flight.
struct PipelineCase {
    let corpus: PageCorpus
    let transportKind: LoopbackReceiver.Kind
    let udpMaxMessageSize: Int

    static let region = "us-east-1"

    /// The log filter of the example config's production connector (etc/findings-collector.json): a drop
    /// rule on a path inside the finding, then a keep rule on the normalized severity. Every record is
    /// evaluated; the synthetic corpus has no kernel-devel package, so all of them are still sent.
    static let filter = LogFilter(rules: [
        try! FilterRule(field: "finding.packageVulnerabilityDetails.vulnerablePackages[].name", op: .prefix,
                        operand: .value(.string("kernel-devel")), action: .drop),
        try! FilterRule(field: "normalized.severity", op: .eq, operand: .value(.string("Critical")), action: .keep),
    ])

    /// The encoder every case uses, so the limit case sends byte-for-byte what the pipeline sends.
    static func encoder(maxMessageSize: Int?, filters: [LogFilter] = [filter]) -> RecordEncoder {
        RecordEncoder(mapper: InspectorFindingMapper(stamp: RecordStamp(tenant: "bench-tenant", connector: "bench")),
                      formatter: SyslogFormatter(facility: .local3, hostname: "bench-host", procId: "4242"),
                      maxMessageSize: maxMessageSize, filters: filters)
    }

    func run(findings count: Int) async throws -> CaseResult {
        let receiver = try LoopbackReceiver(transportKind)
        let transport: any SyslogTransport = transportKind == .udp
            ? try UDPTransport(host: "127.0.0.1", port: receiver.port, maxDatagramSize: udpMaxMessageSize)
            : TCPTransport(host: "127.0.0.1", port: receiver.port)
        let encoder = Self.encoder(maxMessageSize: transport.maxMessageSize)
        var result = CaseResult(kind: "pipeline-\(transportKind.rawValue)", findings: count)
        var sent = 0
        var inFlight: Task<Void, any Error>?

        let startCPU = ProcessMetrics.processCPUSeconds()
        let start = ProcessMetrics.now()
        try await corpus.cycle(total: count) { body, take in
            let page = try ListFindingsPage.parse(body)
            var pageEncoder = encoder.page(collectedAt: Date())
            var messages: [[UInt8]] = []
            messages.reserveCapacity(take)
            for finding in page.findings.prefix(take) {
                do {
                    guard case .encoded(let record) = try pageEncoder.encode(finding, region: Self.region) else {
                        result.filtered += 1
                        continue
                    }
                    if record.detail != .full { result.reduced += 1 }
                    result.bytes += record.message.count
                    messages.append(record.message)
                } catch {
                    result.failed += 1
                }
            }
            try await inFlight?.value
            let batch = messages
            inFlight = Task { try await transport.send(batch) }
            sent += messages.count
        }
        try await inFlight?.value
        let sendDone = ProcessMetrics.now()
        let arrived = receiver.waitFor(messages: sent)
        await transport.close()
        let receiverTotals = receiver.stop()
        result.finish(start: start, startCPU: startCPU, sendDone: sendDone, arrived: arrived, receiver: receiverTotals)
        if receiverTotals.malformed > 0 {
            throw BenchError.failed("the TCP receiver saw \(receiverTotals.malformed) bytes outside octet-counted frames")
        }
        return result
    }
}
