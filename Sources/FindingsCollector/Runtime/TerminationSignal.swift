import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM and SIGINT as something to await, built on DispatchSourceSignal (no work in a signal handler).
public enum TerminationSignal {
    /// Suspends until SIGTERM or SIGINT arrives and returns its name.
    public static func next() async -> String {
        await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            let queue = DispatchQueue(label: "findings-collector.signals")
            let fired = ResumeOnce(continuation)
            queue.sync {
                for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
                    signal(number, SIG_IGN)
                    let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                    source.setEventHandler { fired.resume(name) }
                    source.resume()
                    fired.retain(source)
                }
            }
        }
    }
}

/// Resumes a continuation at most once and keeps the signal sources alive until then.
private final class ResumeOnce: @unchecked Sendable {
    // @unchecked: every access happens on the one serial signal queue above (set-up runs there too).
    private var continuation: CheckedContinuation<String, Never>?
    private var sources: [any DispatchSourceSignal] = []

    init(_ continuation: CheckedContinuation<String, Never>) { self.continuation = continuation }

    func retain(_ source: any DispatchSourceSignal) { sources.append(source) }

    func resume(_ name: String) {
        continuation?.resume(returning: name)
        continuation = nil
        sources.forEach { $0.cancel() }
    }
}
