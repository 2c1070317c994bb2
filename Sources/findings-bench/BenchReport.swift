import Foundation
import JSONBytes

/// The table and the JSON line. Each case is compared with the limit of its transport at the same N:
/// by wall-clock rate (what an operator sees) and by rate per CPU second (what one core can do, and
/// the fair figure on a machine shared with other work).
struct BenchReport {
    let results: [CaseResult]
    let loadBefore: Double
    let loadAfter: Double
    let udpMaxMessageSize: Int
    /// Runs per case; each row is the run with the least CPU time.
    let repeats: Int

    private func limit(for result: CaseResult) -> CaseResult? {
        let transport = result.kind.contains("udp") ? "limit-udp" : "limit-tcp"
        return results.first { $0.kind == transport && $0.findings == result.findings }
    }

    private func ratios(_ result: CaseResult) -> (wall: Double, cpu: Double)? {
        guard let limit = limit(for: result), limit.findingsPerSecond > 0, limit.findingsPerCPUSecond > 0 else { return nil }
        return (result.findingsPerSecond / limit.findingsPerSecond, result.findingsPerCPUSecond / limit.findingsPerCPUSecond)
    }

    func table() -> String {
        let header = ["case", "N", "delivered", "findings/s", "per CPU-s", "MB/s", "CPU s/1k", "peak RSS", "vs limit", "vs limit CPU"]
        var rows: [[String]] = [header]
        for result in results {
            let ratio = ratios(result)
            rows.append([
                result.kind, "\(result.findings)", "\(result.delivered)",
                String(format: "%.0f", result.findingsPerSecond), String(format: "%.0f", result.findingsPerCPUSecond),
                String(format: "%.1f", result.megabytesPerSecond), String(format: "%.4f", result.cpuSecondsPerThousand),
                String(format: "%.1f MiB", Double(result.peakRSSKiB) / 1024),
                ratio.map { String(format: "%.2f", $0.wall) } ?? "-", ratio.map { String(format: "%.2f", $0.cpu) } ?? "-",
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = ""
        for (index, row) in rows.enumerated() {
            let cells = row.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                            : String(repeating: " ", count: widths[column] - cell.count) + cell
            }
            text += cells.joined(separator: "  ") + "\n"
            if index == 0 { text += String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)) + "\n" }
        }
        text += String(format: "load average (1 min) %.2f before, %.2f after; %d cores; UDP max %d bytes",
                       loadBefore, loadAfter, ProcessInfo.processInfo.activeProcessorCount, udpMaxMessageSize)
        text += repeats > 1 ? "; each row the least CPU time of \(repeats) interleaved runs\n" : "\n"
        if CPUAffinity.canSeparateReceiver {
            text += "limit-* and pipeline-* run on one core: the measured threads on CPU \(CPUAffinity.measuredCPU), "
                + "the receiver on CPU \(CPUAffinity.receiverCPU)\n"
        }
        return text
    }

    func jsonLine() -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("bench", "findings-bench")
        writer.field("cores", Int64(ProcessInfo.processInfo.activeProcessorCount))
        writer.field("load_before", loadBefore)
        writer.field("load_after", loadAfter)
        writer.field("udp_max_message_size", Int64(udpMaxMessageSize))
        writer.field("repeats", Int64(repeats))
        writer.beginArray("results")
        for result in results {
            let ratio = ratios(result)
            writer.beginObject()
            writer.field("case", result.kind)
            writer.field("findings", Int64(result.findings))
            writer.field("delivered", Int64(result.delivered))
            writer.field("bytes", Int64(result.bytes))
            writer.field("wall_s", rounded(result.wallSeconds))
            writer.field("cpu_s", rounded(result.cpuSeconds))
            writer.field("findings_per_s", result.findingsPerSecond.rounded())
            writer.field("findings_per_cpu_s", result.findingsPerCPUSecond.rounded())
            writer.field("mb_per_s", rounded(result.megabytesPerSecond))
            writer.field("cpu_s_per_1000", rounded(result.cpuSecondsPerThousand))
            writer.field("peak_rss_kib", Int64(result.peakRSSKiB))
            writer.field("reduced", Int64(result.reduced))
            writer.field("filtered", Int64(result.filtered))
            writer.field("failed", Int64(result.failed))
            writer.field("vs_limit", ratio.map { rounded($0.wall) })
            writer.field("vs_limit_cpu", ratio.map { rounded($0.cpu) })
            writer.field("simulator_cpu_s", result.simulatorCPUSeconds.map(rounded))
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    private func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
