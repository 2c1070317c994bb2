import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Tells systemd about the daemon's life (`Type=notify`): one datagram per message on `$NOTIFY_SOCKET`.
/// Without `$NOTIFY_SOCKET` (not started by systemd) every call is a no-op, so callers never branch.
public struct SystemdNotifier: Sendable {
    /// Where messages go; nil when the process was not started with a notify socket.
    public let socketAddress: NotifySocketAddress?
    /// How often to send `WATCHDOG=1`: half of `$WATCHDOG_USEC`, in seconds; nil when the watchdog is off
    /// or `$WATCHDOG_PID` names another process (the watchdog is then not ours to feed).
    public let watchdogInterval: Double?

    /// Reads `$NOTIFY_SOCKET`, `$WATCHDOG_USEC` and `$WATCHDOG_PID`; `processID` is this process's id.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                processID: Int32 = getpid()) {
        socketAddress = environment["NOTIFY_SOCKET"].flatMap(NotifySocketAddress.init(parsing:))
        watchdogInterval = Self.watchdogInterval(environment: environment, processID: processID)
    }

    /// `READY=1`: start-up is finished (connectors started); `status` is shown by `systemctl status`.
    @discardableResult
    public func ready(status: String? = nil) -> Bool {
        deliver(["READY=1"] + Self.statusLine(status))
    }

    /// `STOPPING=1`: shutdown has begun (systemd stops expecting watchdog pings soon after).
    @discardableResult
    public func stopping(status: String? = nil) -> Bool {
        deliver(["STOPPING=1"] + Self.statusLine(status))
    }

    /// `RELOADING=1` with `MONOTONIC_USEC`, which systemd ≥ 253 requires to match the reload to its request.
    @discardableResult
    public func reloading(status: String? = nil) -> Bool {
        deliver(["RELOADING=1", "MONOTONIC_USEC=\(Self.monotonicMicroseconds())"] + Self.statusLine(status))
    }

    /// `READY=1` again: the reload is complete (systemd's protocol has no separate "reloaded" message).
    @discardableResult
    public func reloaded(status: String? = nil) -> Bool {
        ready(status: status)
    }

    /// `WATCHDOG=1`: the daemon's loops are alive; send every `watchdogInterval` seconds.
    @discardableResult
    public func watchdog() -> Bool {
        deliver(["WATCHDOG=1"])
    }

    /// `STATUS=…` alone: a one-line state for `systemctl status`.
    @discardableResult
    public func status(_ text: String) -> Bool {
        deliver(Self.statusLine(text))
    }

    /// Sends `assignments` (each "KEY=value") as one datagram. Throws when the socket cannot be reached;
    /// does nothing when there is no notify socket.
    public func send(_ assignments: [String]) throws(SystemdNotifierError) {
        guard let socketAddress else { return }
        let message = assignments.joined(separator: "\n") + "\n"
        try socketAddress.send(Array(message.utf8))
    }

    /// The convenience methods report failure as `false`: a lost notification must never stop the daemon,
    /// and systemd itself notices a daemon that never reports (start timeout, watchdog).
    private func deliver(_ assignments: [String]) -> Bool {
        guard socketAddress != nil else { return false }
        do {
            try send(assignments)
            return true
        } catch {
            return false
        }
    }

    /// STATUS must be one line: a newline would start a new assignment that systemd would try to interpret.
    private static func statusLine(_ status: String?) -> [String] {
        guard let status else { return [] }
        let oneLine = status.map { $0.isNewline ? " " : String($0) }.joined()
        return ["STATUS=\(oneLine)"]
    }

    private static func watchdogInterval(environment: [String: String], processID: Int32) -> Double? {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0 else { return nil }
        if let pidText = environment["WATCHDOG_PID"] {
            guard let pid = Int32(pidText), pid == processID else { return nil }
        }
        return Double(microseconds) / 2_000_000
    }

    /// CLOCK_MONOTONIC in microseconds, the clock systemd compares reload requests against.
    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
