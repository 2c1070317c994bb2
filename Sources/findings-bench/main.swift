import FindingsCollector
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// findings-bench: see BenchOptions.help. The parent re-runs this binary once per case (`__case KIND N`) so
// every figure, peak RSS above all, belongs to that case alone; the child writes its result to a file.

signal(SIGPIPE, SIG_IGN)
AllocatorTuning.keepFreedMemoryForReuse()   // as findings-collector's main does
if CommandLine.arguments.contains("--help") || CommandLine.arguments.contains("-h") {
    print(BenchOptions.help, terminator: "")
    exit(0)
}
let options: BenchOptions
do {
    options = try BenchOptions(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("findings-bench: \(error)\n".utf8))
    exit(error is BenchError ? 2 : 1)
}

if options.stagesOnly {
    do {
        print(try StageTimings(corpus: PageCorpus(pageCount: options.corpusPages), rounds: 4).run())
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("findings-bench --stages: \(error)\n".utf8))
        exit(1)
    }
}
if options.paging {
    let paging = PagingCase(findings: options.sizes[0], accounts: options.accounts,
                            pageLatency: Double(options.pageLatencyMilliseconds) / 1000, maxConcurrency: options.maxConcurrency)
    do {
        let result = try await paging.run()
        let serial = Double(result.pages) * paging.pageLatency
        print(String(format: "paging: %d findings, %d received, %d partitions, %d pages at %d ms, max %d at once: "
                     + "%.1f s wall (serial would be ≥ %.0f s, %.1f× faster), %.0f findings/s",
                     paging.findings, result.received, result.partitions, result.pages, options.pageLatencyMilliseconds,
                     paging.maxConcurrency, result.seconds, serial, serial / result.seconds,
                     Double(result.received) / result.seconds))
        print(#"{"case":"paging","findings":\#(paging.findings),"received":\#(result.received),"pages":\#(result.pages),"#
              + #""seconds":\#(result.seconds),"serial_seconds":\#(serial)}"#)
        exit(result.received == paging.findings ? 0 : 1)
    } catch {
        FileHandle.standardError.write(Data("findings-bench --paging: \(error)\n".utf8))
        exit(1)
    }
}
if let kind = options.childCase {
    exit(await runChild(kind: kind, options: options))
}
exit(runParent(options))

/// Runs one case in this (child) process and writes its `CaseResult` as JSON to `--out`.
func runChild(kind: String, options: BenchOptions) async -> Int32 {
    let count = options.sizes[0]
    do {
        let result: CaseResult
        let transport: LoopbackReceiver.Kind = kind.contains("udp") ? .udp : .tcp
        if kind.hasPrefix("e2e") {
            result = try EndToEndCase(collectorPath: options.collectorPath, transportKind: transport,
                                      queueBytes: options.queueBytes).run(findings: count)
        } else {
            let corpus = PageCorpus(pageCount: options.corpusPages)
            // "On one core": the measured threads share one core; the receiver pins itself to the other.
            if CPUAffinity.canSeparateReceiver { CPUAffinity.pinProcess(toCPU: CPUAffinity.measuredCPU) }
            if kind.hasPrefix("limit") {
                result = try LimitCase(corpus: corpus, transportKind: transport, udpMaxMessageSize: options.udpMaxMessageSize,
                                       chunked: kind.hasSuffix("chunked")).run(findings: count)
            } else {
                result = try await PipelineCase(corpus: corpus, transportKind: transport,
                                                udpMaxMessageSize: options.udpMaxMessageSize).run(findings: count)
            }
        }
        let data = try JSONEncoder().encode(result)
        try data.write(to: URL(fileURLWithPath: options.resultPath ?? "/dev/stdout"))
        return 0
    } catch {
        FileHandle.standardError.write(Data("findings-bench \(kind) N=\(count): \(error)\n".utf8))
        return 1
    }
}

/// Runs every requested case for every size, each in a child process (`--repeat` times, interleaved, keeping
/// each case's run with the least CPU time), then prints the table and JSON line.
func runParent(_ options: BenchOptions) -> Int32 {
    let loadBefore = ProcessMetrics.loadAverage()
    let resultFile = FileManager.default.temporaryDirectory.appendingPathComponent("findings-bench-\(getpid()).json").path
    defer { unlink(resultFile) }
    var results: [CaseResult] = []
    var failures = 0
    for size in options.sizes {
        var best: [String: CaseResult] = [:]
        for round in 1...options.repeats {
            for kind in options.cases {
                let of = options.repeats > 1 ? " (run \(round) of \(options.repeats))" : ""
                FileHandle.standardError.write(Data("findings-bench: \(kind) N=\(size)\(of)…\n".utf8))
                do {
                    let result = try measureInChild(kind: kind, size: size, options: options, resultFile: resultFile)
                    if result.failed > 0 || (kind.contains("tcp") && result.delivered < size) { failures += 1 }
                    if best[kind].map({ result.cpuSeconds < $0.cpuSeconds }) ?? true { best[kind] = result }
                } catch {
                    FileHandle.standardError.write(Data("findings-bench: \(error)\n".utf8))
                    failures += 1
                }
            }
        }
        results += options.cases.compactMap { best[$0] }
    }
    let report = BenchReport(results: results, loadBefore: loadBefore, loadAfter: ProcessMetrics.loadAverage(),
                             udpMaxMessageSize: options.udpMaxMessageSize, repeats: options.repeats)
    print(report.table())
    print(report.jsonLine())
    return failures == 0 ? 0 : 1
}

/// One case in a fresh child process; its result as the child wrote it.
func measureInChild(kind: String, size: Int, options: BenchOptions, resultFile: String) throws -> CaseResult {
    unlink(resultFile)
    let child = try ChildProcess.spawn(BenchOptions.executablePath,
                                       options.childArguments(kind: kind, findings: size, resultPath: resultFile),
                                       environment: ProcessInfo.processInfo.environment,
                                       stdoutPath: nil, stderrPath: nil)
    let exit = child.waitForExit()
    guard exit.status == 0, let data = FileManager.default.contents(atPath: resultFile) else {
        throw BenchError.failed("\(kind) N=\(size) failed (exit status \(exit.status))")
    }
    return try JSONDecoder().decode(CaseResult.self, from: data)
}
