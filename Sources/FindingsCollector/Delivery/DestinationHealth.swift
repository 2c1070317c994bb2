import Foundation
import Synchronization
import Syslog

/// Tells the operator when a destination goes down and comes back, with the backlog waiting for it. The
/// transports retry quietly, so without this a 15 s receiver outage would leave no trace in the log.
public final class DestinationHealth: Sendable {
    /// Records queued for the destination, as its queue last saw them; read from the transport's events.
    let backlog = Atomic<Int>(0)
    private let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func hear(_ event: TransportEvent) {
        switch event {
        case .down(let error):
            logger.warning("destination down: records wait in the queue and are sent when it is back",
                           [("error", error), ("backlog", backlog.load(ordering: .relaxed))])
        case .up(let seconds):
            logger.info("destination back", [("down_for_s", String(format: "%.1f", seconds)),
                                             ("backlog", backlog.load(ordering: .relaxed))])
        }
    }
}
