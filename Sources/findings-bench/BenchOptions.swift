import Foundation

/// Command-line options of `findings-bench` (and of its hidden per-case child invocation).
struct BenchOptions {
    static let allCases = ["limit-udp", "pipeline-udp", "limit-tcp", "limit-tcp-chunked", "pipeline-tcp", "e2e-udp", "e2e-tcp"]

    static let help = """
    Usage: findings-bench [--sizes 10000,100000,1000000] [--quick] [--cases limit,pipeline,e2e]
                          [--repeat R] [--udp-max BYTES] [--collector PATH] [--corpus-pages P] [--queue-bytes B]
                          [--stages]

    Measures the collector's hot path on loopback, each case in a fresh child process (so peak RSS is per
    case), and prints one table, then one JSON line for scripts.
      limit-*      the pipeline's messages, pre-built, sent by a plain loop (send/write per message): the
                   transport's ceiling; limit-tcp-chunked writes 256 KiB at a time (the higher TCP ceiling)
      pipeline-*   page bytes in memory → parse → map → log filter → RFC 5424 → UDP (sendmmsg) / TCP (octet
                   counting, gathered sendmsg)
      e2e-*        the real `findings-collector run --once` against the in-process Inspector2 double,
                   into a UDP / TCP receiver
    --sizes        finding counts (default 10000,100000,1000000); --quick is --sizes 10000
    --cases        which families to run: limit, pipeline, e2e (default all)
    --repeat       run every case R times, interleaved, and keep each case's run with the least CPU time
                   (default 1): other work on a shared machine only ever adds time
    --udp-max      the UDP destination's max_message_size (default 8192, rsyslog's default)
    --collector    the collector binary for e2e (default: next to this binary)
    --corpus-pages distinct pages of 100 findings reused cyclically (default 16)
    --queue-bytes  e2e: the destination's capacity.max_queued_bytes, policy block (default: collector default)
    --stages       instead: CPU time per finding of each stage alone (parse, map, map + RFC 5424, and
                   with the log filter), no sockets
    --paging       instead: parallel paging — the first of --sizes findings over --accounts accounts, each
                   page answered after --page-latency-ms (default 200), partitions aws_account_id × severity,
                   at most --max-concurrency listings at once (default 16); wall time against pages × latency

    """

    var sizes = [10_000, 100_000, 1_000_000]
    var cases = allCases
    var repeats = 1
    var udpMaxMessageSize = 8192
    var collectorPath: String
    var corpusPages = 16
    /// e2e: override the destination queue's byte bound (policy block).
    var queueBytes: Int?
    /// Print per-stage CPU timings instead of running the cases.
    var stagesOnly = false
    /// Run the parallel-paging case instead (`PagingCase`).
    var paging = false
    var pageLatencyMilliseconds = 200
    var accounts = 20
    var maxConcurrency = 16
    /// Child mode: run exactly this case at `sizes[0]` and write the result to `resultPath`.
    var childCase: String?
    var resultPath: String?

    init(_ arguments: [String]) throws {
        collectorPath = URL(fileURLWithPath: BenchOptions.executablePath).deletingLastPathComponent()
            .appendingPathComponent("findings-collector").path
        var rest = arguments[...]
        if rest.first == "__case" {
            rest = rest.dropFirst()
            guard let kind = rest.popFirst(), BenchOptions.allCases.contains(kind),
                  let count = rest.popFirst().flatMap(Int.init) else { throw BenchError.usage("bad __case arguments") }
            childCase = kind
            sizes = [count]
        }
        while let option = rest.popFirst() {
            switch option {
            case "--help", "-h":
                throw BenchError.usage(BenchOptions.help)
            case "--quick":
                sizes = [10_000]
            case "--stages":
                stagesOnly = true
            case "--paging":
                paging = true
            default:
                guard let value = rest.popFirst() else { throw BenchError.usage("\(option) needs a value\n\n\(BenchOptions.help)") }
                try apply(option, value)
            }
        }
    }

    private mutating func apply(_ option: String, _ value: String) throws {
        switch option {
        case "--sizes":
            let parsed = value.split(separator: ",").compactMap { Int($0.replacingOccurrences(of: "_", with: "")) }
            guard !parsed.isEmpty, parsed.allSatisfy({ $0 > 0 }) else { throw BenchError.usage("--sizes takes positive counts, e.g. 10000,100000") }
            sizes = parsed
        case "--cases":
            let families = value.split(separator: ",").map(String.init)
            cases = BenchOptions.allCases.filter { kind in families.contains { kind.hasPrefix($0) } }
            guard !cases.isEmpty else { throw BenchError.usage("--cases takes limit, pipeline and/or e2e") }
        case "--repeat":
            guard let count = Int(value), (1...20).contains(count) else { throw BenchError.usage("--repeat must be 1–20") }
            repeats = count
        case "--udp-max":
            guard let size = Int(value), (480...65_507).contains(size) else { throw BenchError.usage("--udp-max must be 480–65507") }
            udpMaxMessageSize = size
        case "--collector":
            collectorPath = value
        case "--corpus-pages":
            guard let pages = Int(value), pages > 0 else { throw BenchError.usage("--corpus-pages must be positive") }
            corpusPages = pages
        case "--queue-bytes":
            guard let bytes = Int(value), bytes >= 65_536 else { throw BenchError.usage("--queue-bytes must be at least 65536") }
            queueBytes = bytes
        case "--out":
            resultPath = value
        case "--page-latency-ms", "--accounts", "--max-concurrency":
            guard let number = Int(value), number >= 0 else { throw BenchError.usage("\(option) takes a whole number") }
            switch option {
            case "--page-latency-ms": pageLatencyMilliseconds = number
            case "--accounts": accounts = max(1, number)
            default: maxConcurrency = max(1, number)
            }
        default:
            throw BenchError.usage("unknown option \(option)\n\n\(BenchOptions.help)")
        }
    }

    /// This executable, for re-running itself per case.
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The arguments that make a child run one case.
    func childArguments(kind: String, findings: Int, resultPath: String) -> [String] {
        ["__case", kind, "\(findings)", "--udp-max", "\(udpMaxMessageSize)", "--collector", collectorPath,
         "--corpus-pages", "\(corpusPages)", "--out", resultPath] + (queueBytes.map { ["--queue-bytes", "\($0)"] } ?? [])
    }
}
