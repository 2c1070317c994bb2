import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Pins threads to cores, so the collector's work is measured on exactly one core ("one core" in the
/// targets) while the loopback receiver drains on another. Unpinned, the encoder and the sender threads
/// wake each other across cores, which costs inter-processor interrupts a single core does not pay.
/// `sched_setaffinity` sits behind _GNU_SOURCE in Swift's Glibc module, so it is looked up by name.
enum CPUAffinity {
    /// The core the measured work runs on, and the one the receiver uses.
    static let measuredCPU = 0
    static let receiverCPU = 1

    /// True when there are two cores to split the work between; with one, nothing is pinned.
    static var canSeparateReceiver: Bool { ProcessInfo.processInfo.activeProcessorCount >= 2 }

    private typealias SetAffinity = @convention(c) (pid_t, Int, UnsafeRawPointer) -> Int32

    private static let setAffinity: SetAffinity? = {
        guard let symbol = dlsym(nil, "sched_setaffinity") else { return nil }
        return unsafeBitCast(symbol, to: SetAffinity.self)
    }()

    /// Restricts thread `tid` (0: the calling thread) to `cpu`; threads it creates later inherit that.
    @discardableResult
    static func pin(thread tid: pid_t = 0, toCPU cpu: Int) -> Bool {
        guard let setAffinity, cpu < 64 else { return false }
        var mask = UInt64(1) << UInt64(cpu)
        return setAffinity(tid, MemoryLayout<UInt64>.size, &mask) == 0
    }

    /// Pins every thread this process has now to `cpu` (the ones it starts later inherit their creator's).
    static func pinProcess(toCPU cpu: Int) {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        for tid in tasks.compactMap({ pid_t($0) }) { pin(thread: tid, toCPU: cpu) }
    }
}
