import FindingsCollector
/// Seeded random faults for the double's ListFindings: each call is throttled, fails with a 500, gets a
/// cut-short 200, or gets its real page, drawn from a deterministic generator so that a failing run can be
/// replayed with its seed. The percentages are of calls; what is left over answers normally.
public struct SimulatedChaos: Sendable, Equatable {
    public var seed: UInt64
    public var throttlePercent: Double
    public var serverErrorPercent: Double
    public var malformedPercent: Double
    /// Retry-After on throttles and 500s: the real service says 1; tests say 0 so they run fast.
    public var retryAfter: Int

    public init(seed: UInt64 = 1, throttlePercent: Double = 0, serverErrorPercent: Double = 0,
                malformedPercent: Double = 0, retryAfter: Int = 1) {
        self.seed = seed
        self.throttlePercent = throttlePercent
        self.serverErrorPercent = serverErrorPercent
        self.malformedPercent = malformedPercent
        self.retryAfter = max(0, retryAfter)
    }

    /// Every call answered normally.
    public static let none = SimulatedChaos()

    var throttle: SimulatedFault { withRetryAfter(.throttling) }

    var serverError: SimulatedFault { withRetryAfter(.internalError) }

    private func withRetryAfter(_ fault: SimulatedFault) -> SimulatedFault {
        var answer = fault
        answer.retryAfter = retryAfter
        return answer
    }
}

/// How many ListFindings calls chaos answered each way.
public struct ChaosCounts: Sendable, Equatable {
    public var throttled = 0
    public var serverErrors = 0
    public var malformed = 0
    /// Calls chaos left alone (they may still fail for their own reasons, e.g. a bad token).
    public var untouched = 0
    public init() {}
}

/// The sequence of chaos decisions: splitmix64 over the seed, so a seed always yields the same calls.
struct ChaosDice: Sendable {
    enum Outcome: Equatable {
        case throttle, serverError, untouched
        /// A 200 whose body is cut at this fraction of its length.
        case malformed(keeping: Double)
    }

    private let chaos: SimulatedChaos
    private var state: UInt64

    init(_ chaos: SimulatedChaos) {
        self.chaos = chaos
        state = chaos.seed
    }

    mutating func roll(counting counts: inout ChaosCounts) -> Outcome {
        let percent = unit() * 100
        var bound = chaos.throttlePercent
        if percent < bound { counts.throttled += 1; return .throttle }
        bound += chaos.serverErrorPercent
        if percent < bound { counts.serverErrors += 1; return .serverError }
        bound += chaos.malformedPercent
        if percent < bound { counts.malformed += 1; return .malformed(keeping: unit()) }
        counts.untouched += 1
        return .untouched
    }

    /// A uniform draw in [0, 1).
    private mutating func unit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Double(simulatorMix(state) >> 11) / Double(UInt64(1) << 53)
    }
}
