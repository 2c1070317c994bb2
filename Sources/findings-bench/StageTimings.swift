import FindingsCollector
import Foundation
import JSONBytes

/// `--stages`: CPU microseconds per finding of each hot-path stage on its own (no sockets), to see where
/// the pipeline's time goes: page parse (validation + tape), map (record JSON), encode (map + RFC 5424, and
/// with the pipeline's log filter).
/// Mapping runs over all corpus pages parsed beforehand, so it reads them from L3 rather than L2: the
/// pipeline maps each page right after parsing it, and is a little faster per finding than this says.
struct StageTimings {
    let corpus: PageCorpus
    let rounds: Int

    func run() throws -> String {
        let findings = corpus.pages.count * PageCorpus.pageSize * rounds
        let mapper = InspectorFindingMapper(stamp: RecordStamp(tenant: "bench-tenant", connector: "bench"))
        let encoder = PipelineCase.encoder(maxMessageSize: nil)
        let unfiltered = PipelineCase.encoder(maxMessageSize: nil, filters: [])
        let parsed = try corpus.pages.map { try ListFindingsPage.parse($0) }
        var sink = 0

        let parse = try measure {
            for _ in 0..<rounds {
                for body in corpus.pages { sink &+= try ListFindingsPage.parse(body).findings.count }
            }
        }
        let map = try measure {
            for _ in 0..<rounds {
                for page in parsed {
                    for finding in page.findings {
                        sink &+= try mapper.map(finding, region: PipelineCase.region, collectedAtMillis: 1_764_000_000_000).bytes.count
                    }
                }
            }
        }
        let collectedAt = Date()
        let encode = { (encoder: RecordEncoder) in
            try measure {
                for _ in 0..<rounds {
                    for page in parsed {
                        var pageEncoder = encoder.page(collectedAt: collectedAt)
                        for finding in page.findings {
                            if case .encoded(let record) = try pageEncoder.encode(finding, region: PipelineCase.region) {
                                sink &+= record.message.count
                            }
                        }
                    }
                }
            }
        }
        let plainEncode = try encode(unfiltered)
        let filteredEncode = try encode(encoder)
        let perFinding = { (seconds: Double) in String(format: "%.2f µs", seconds / Double(findings) * 1e6) }
        let megabytes = Double(corpus.findingBytes * rounds) / 1e6
        return """
        stages (least CPU time per finding of 5 runs, \(findings) findings, \(corpus.findingBytes / (corpus.pages.count * PageCorpus.pageSize)) bytes average, checksum \(sink % 997)):
          parse page       \(perFinding(parse))  (\(String(format: "%.0f", megabytes / parse)) MB/s of finding JSON)
          map record       \(perFinding(map))
          map + RFC 5424   \(perFinding(plainEncode))
          map + log filter + RFC 5424 \(perFinding(filteredEncode))  (the pipeline's filter: \(PipelineCase.filter.rules.map(\.label).joined(separator: ", ")))

        """
    }

    /// The least CPU time of five runs of `body`: other work on a shared machine only ever adds time
    /// (cache and memory-bandwidth contention), so the minimum is the stage's own cost.
    private func measure(_ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<5 {
            let start = ProcessMetrics.processCPUSeconds()
            try body()
            best = min(best, ProcessMetrics.processCPUSeconds() - start)
        }
        return best
    }
}
