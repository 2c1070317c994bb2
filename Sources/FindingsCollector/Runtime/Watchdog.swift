/// Sends WATCHDOG=1 at half of systemd's WatchdogSec while `body` runs, so a hung daemon gets restarted.
public struct Watchdog: Sendable {
    let notifier: SystemdNotifier

    public init(notifier: SystemdNotifier) {
        self.notifier = notifier
    }

    public func keepAlive<Result: Sendable>(_ body: @escaping @Sendable () async -> Result) async -> Result {
        guard let interval = notifier.watchdogInterval else { return await body() }
        return await withTaskGroup(of: Result?.self) { group in
            group.addTask { await body() }
            group.addTask {
                while !Task.isCancelled {
                    notifier.watchdog()
                    try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
                }
                return nil
            }
            var result: Result?
            for await finished in group {
                if let finished {
                    result = finished
                    break
                }
            }
            group.cancelAll()
            return result!
        }
    }
}
