/// One measured case, as a child process reports it to the parent (one JSON object on a file).
struct CaseResult: Codable, Sendable {
    /// `limit-udp`, `pipeline-udp`, `limit-tcp`, `limit-tcp-chunked`, `pipeline-tcp`, `e2e-udp` or `e2e-tcp`.
    var kind: String
    /// Findings offered to the case.
    var findings: Int
    /// Messages the receiver counted (UDP on loopback may drop when the receiver falls behind).
    var delivered: Int = 0
    /// Syslog message bytes sent, without TCP framing.
    var bytes: Int = 0
    /// From the first page to the last message at the receiver.
    var wallSeconds: Double = 0
    /// CPU seconds of what is measured: the pipeline without the receiver, or the collector process (e2e).
    var cpuSeconds: Double = 0
    /// Peak resident set (VmHWM) of the measured process, KiB.
    var peakRSSKiB: Int = 0
    /// Records reduced to fit the UDP maximum.
    var reduced: Int = 0
    /// Records the log filter dropped.
    var filtered: Int = 0
    /// Findings that could not be encoded (or, e2e: the collector's exit status when not 0).
    var failed: Int = 0
    /// CPU seconds of the in-process Inspector2 double (e2e only): it shares the machine with the collector.
    var simulatorCPUSeconds: Double?

    /// Fills in what every socket case measures the same way once sending is done: messages the receiver
    /// counted, wall time to the last arrival, the process's CPU time less the receiver's, and peak RSS.
    mutating func finish(start: Double, startCPU: Double, sendDone: Double, arrived: LoopbackReceiver.Counters,
                         receiver: LoopbackReceiver.Counters) {
        delivered = arrived.messages
        wallSeconds = max(sendDone, arrived.lastArrival) - start
        cpuSeconds = ProcessMetrics.processCPUSeconds() - startCPU - receiver.cpuSeconds
        peakRSSKiB = ProcessMetrics.peakResidentKiB() ?? 0
    }

    var findingsPerSecond: Double { wallSeconds > 0 ? Double(findings) / wallSeconds : 0 }
    var findingsPerCPUSecond: Double { cpuSeconds > 0 ? Double(findings) / cpuSeconds : 0 }
    var megabytesPerSecond: Double { wallSeconds > 0 ? Double(bytes) / wallSeconds / 1e6 : 0 }
    var cpuSecondsPerThousand: Double { findings > 0 ? cpuSeconds / Double(findings) * 1000 : 0 }
}
