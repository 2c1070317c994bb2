import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// CPU and memory figures read from the kernel. CPU time rather than wall time: the machine is shared,
/// and CPU seconds do not grow when another process takes the core away.
enum ProcessMetrics {
    /// CPU seconds (user + system) of this whole process so far.
    static func processCPUSeconds() -> Double { seconds(of: CLOCK_PROCESS_CPUTIME_ID) }

    /// CPU seconds (user + system) of the calling thread so far.
    static func threadCPUSeconds() -> Double { seconds(of: CLOCK_THREAD_CPUTIME_ID) }

    /// Monotonic wall-clock seconds.
    static func now() -> Double { seconds(of: CLOCK_MONOTONIC) }

    /// Peak resident set size in KiB (`VmHWM`) of process `pid` ("self" for this one); nil once it is gone.
    static func peakResidentKiB(of pid: String = "self") -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces).split(separator: " ")[0])
        }
        return nil
    }

    /// The 1-minute load average, to say how busy the shared machine was during a run.
    static func loadAverage() -> Double {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) > 0 ? loads[0] : -1
    }

    /// CPU seconds in a `rusage` (user + system).
    static func cpuSeconds(_ usage: rusage) -> Double {
        Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    private static func seconds(of clock: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
