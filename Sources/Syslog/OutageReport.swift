/// Tells the operator (through `TransportEvent`s) when a transport loses and regains its receiver: the
/// transport keeps retrying quietly, so without these an outage would show only when it gives up.
struct OutageReport {
    private let onEvent: TransportEventHandler
    /// When the current outage began; nil while sending works.
    private var downSince: ContinuousClock.Instant?

    init(onEvent: @escaping TransportEventHandler) { self.onEvent = onEvent }

    /// A send failed: reports `.down` once per outage, with the first error.
    mutating func noteDown(_ error: SyslogError) {
        guard downSince == nil else { return }
        downSince = .now
        onEvent(.down(error))
    }

    /// Sending works: reports `.up` with the outage's length, if there was one.
    mutating func noteUp() {
        guard let since = downSince else { return }
        downSince = nil
        onEvent(.up(afterSeconds: Outage.seconds(ContinuousClock.now - since)))
    }
}
