import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A process started with `posix_spawn` and reaped with `wait4`, so the bench gets its exit status and
/// CPU time, and samples its peak RSS from /proc while it runs. (`ru_maxrss` is not used for memory: after
/// a vfork-style spawn Linux carries the parent's high-water mark into the child's figure.)
struct ChildProcess {
    struct Exit {
        var status: Int32
        var cpuSeconds: Double
        var peakRSSKiB: Int
    }

    let pid: pid_t

    /// Starts `path` with `arguments`; stdout and stderr go to the given files (appended) or are inherited
    /// when nil; stdin is /dev/null.
    static func spawn(_ path: String, _ arguments: [String], environment: [String: String],
                      stdoutPath: String?, stderrPath: String?) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let stdoutPath {
            posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        }
        if let stderrPath {
            posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard status == 0 else { throw BenchError.system("posix_spawn \(path)", status) }
        return ChildProcess(pid: pid)
    }

    /// Waits for the process to end, sampling its VmHWM every 10 ms until then.
    func waitForExit() -> Exit {
        var peak = 0
        var status: Int32 = 0
        var usage = rusage()
        while true {
            if let sample = ProcessMetrics.peakResidentKiB(of: "\(pid)") { peak = max(peak, sample) }
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { return Exit(status: -1, cpuSeconds: 0, peakRSSKiB: peak) }
            usleep(10_000)
        }
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Exit(status: exitStatus, cpuSeconds: ProcessMetrics.cpuSeconds(usage), peakRSSKiB: peak)
    }
}
