import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM, SIGINT and SIGHUP as an async sequence, built on DispatchSourceSignal: nothing runs in a signal
/// handler, and the default actions are turned off so the daemon decides what each signal means.
// @unchecked: `sources` is written once in init and only read again in deinit; the dispatch sources
// themselves are thread-safe.
public final class ProcessSignals: @unchecked Sendable {
    public enum Signal: String, Sendable {
        case terminate = "SIGTERM", interrupt = "SIGINT", hangUp = "SIGHUP"
    }

    public let stream: AsyncStream<Signal>
    private let sources: [any DispatchSourceSignal]

    public init() {
        let (stream, continuation) = AsyncStream<Signal>.makeStream(bufferingPolicy: .unbounded)
        let queue = DispatchQueue(label: "findings-collector.signals")
        self.stream = stream
        self.sources = [(SIGTERM, Signal.terminate), (SIGINT, .interrupt), (SIGHUP, .hangUp)].map { number, signal in
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { continuation.yield(signal) }
            source.resume()
            return source
        }
    }

    deinit {
        sources.forEach { $0.cancel() }
    }
}
