/// The AWS standard-mode retry token bucket, shared by the calls of one client: when a service is
/// failing hard, retries stop early instead of multiplying the load on it.
public actor RetryQuota {
    /// What one retry costs, and what a retry after a timeout costs (timeouts are the costliest failures).
    public static let retryCost = 5
    public static let timeoutRetryCost = 10
    /// What a success that needed no retry puts back.
    public static let successRefill = 1

    public let capacity: Int
    /// Units left; retries stop when a retry's cost exceeds this.
    public private(set) var available: Int

    /// A full bucket of `capacity` units (AWS default 500).
    public init(capacity: Int = 500) {
        self.capacity = capacity
        self.available = capacity
    }

    /// The units one retry takes.
    public static func cost(forTimeout: Bool) -> Int {
        forTimeout ? timeoutRetryCost : retryCost
    }

    /// Takes the cost of one retry; false (nothing taken) when the bucket cannot pay for it.
    public func acquire(forTimeout: Bool) -> Bool {
        let cost = Self.cost(forTimeout: forTimeout)
        guard available >= cost else { return false }
        available -= cost
        return true
    }

    /// Called when a call succeeded. `lastRetryCost` is what the retry that led to the success took
    /// (0 when the first attempt succeeded): that is given back, or one unit when there was no retry.
    public func releaseOnSuccess(lastRetryCost: Int) {
        let refund = lastRetryCost > 0 ? lastRetryCost : Self.successRefill
        available = min(capacity, available + refund)
    }

    /// Fills the bucket back up. Called at the start of each pass: the bucket exists so that one pass does
    /// not pile retries on a failing service, but a bad pass must not starve the next one, which may find
    /// the service healthy again (successes alone refill only one unit each).
    public func refill() {
        available = capacity
    }
}
