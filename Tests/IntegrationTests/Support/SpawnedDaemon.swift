import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A receiver daemon (rsyslogd, syslog-ng) run in the foreground as our child, its stdout and stderr appended
/// to a log file. posix_spawn rather than Foundation's Process: we reap the child ourselves with waitpid, so
/// `stop()` knows the moment it has exited (Process.isRunning lagged seconds behind on Linux).
final class SpawnedDaemon {
    private(set) var pid: pid_t?

    /// Starts `arguments[0]` with `environment` (nil: ours).
    init(_ arguments: [String], environment: [String: String]? = nil, logFile: URL) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, logFile.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // A clean signal mask: the spawning thread may be a Dispatch worker, which blocks signals, and a
        // child inheriting that mask would ignore our SIGTERM.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var child: pid_t = 0
        let status: Int32
        if let environment {
            var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { envp.forEach { free($0) } }
            status = posix_spawn(&child, arguments[0], &actions, &attributes, &argv, &envp)
        } else {
            status = posix_spawn(&child, arguments[0], &actions, &attributes, &argv, environ)
        }
        guard status == 0 else {
            throw HarnessError(description: "cannot start \(arguments[0]): errno \(status)")
        }
        pid = child
    }

    /// Polls `ready` every 20 ms until it holds (true), the child exits or `timeout` passes (false).
    func waitUntil(timeout: TimeInterval, _ ready: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline && reapIfExited() == nil {
            if ready() { return true }
            usleep(20_000)
        }
        return false
    }

    /// SIGTERM, then SIGKILL after 5 s; returns once the child is reaped.
    func stop() {
        guard let child = pid else { return }
        kill(child, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while reapIfExited() == nil {
            if Date() >= deadline {
                kill(child, SIGKILL)
                var status: Int32 = 0
                waitpid(child, &status, 0)
                pid = nil
                return
            }
            usleep(5_000)
        }
    }

    /// The exit status once the child has exited (and is reaped); nil while it runs.
    func reapIfExited() -> Int32? {
        guard let child = pid else { return 0 }
        var status: Int32 = 0
        let result = waitpid(child, &status, WNOHANG)
        guard result == child || result < 0 else { return nil }
        pid = nil
        return status
    }
}

/// Why a receiver harness could not do its job (a missing binary is a setup bug, never a skipped test).
struct HarnessError: Error, CustomStringConvertible {
    let description: String
}
