/// Splits a pass's window into consecutive sub-windows on `updatedAt`, each listed on its own and checkpointed
/// when the destination has confirmed it: a pass that fails half-way keeps what it delivered, instead of
/// starting its whole window again from the first page. Inspector2 cannot sort on `updatedAt`, so a listing
/// can only be checkpointed at its end; small listings are what make progress durable.
///
/// The span adapts to the density of findings: a sub-window that took many pages halves the next one, a
/// sparse one doubles it. A sub-window whose pages stay unreadable is cut to a sixteenth, again and again, until
/// it is narrow enough to be set aside as a dead letter: an hour comes down to a millisecond in six listings.
///
/// A source that cannot list parts of a window (`FindingSource.listsPartsOfWindows` false) gets the whole window
/// as one sub-window, never narrowed.
struct SubWindowPlan {
    let window: TimeWindow
    let splits: Bool
    /// Where the next sub-window starts.
    private(set) var position: Double
    private(set) var span: Double

    /// One hour: a steady-state pass (interval ≤ 60 min) is one listing, a first pass over days is many.
    static let initialSpan = 3_600.0
    /// Four hours at most, however sparse: a dense stretch after a quiet one is still split.
    static let widestSpan = 4 * 3_600.0
    /// Below a millisecond `updatedAt` cannot be split further (the API's timestamps carry milliseconds).
    static let narrowestSpan = 0.001
    /// Page counts that make the next span smaller or larger.
    static let densePages = 40
    static let sparsePages = 10

    init(window: TimeWindow, span: Double = SubWindowPlan.initialSpan, splits: Bool = true) {
        self.window = window
        self.splits = splits
        self.position = window.start
        self.span = splits ? max(span, Self.narrowestSpan) : .infinity
    }

    /// Lists an unfinished sub-window of an earlier attempt first, to its old end, so its journal applies.
    mutating func resume(until end: Double) {
        guard splits else { return }
        span = max(min(end, window.end) - position, Self.narrowestSpan)
    }

    /// The next sub-window to list, or nil when the window is covered. Bounds are shared between neighbours
    /// (both inclusive): a finding exactly on one may be listed twice, never missed.
    func next() -> TimeWindow? {
        guard position < window.end else { return nil }
        return TimeWindow(start: position, end: min(position + span, window.end), isInitial: window.isInitial)
    }

    /// The sub-window was delivered and its cursor saved.
    mutating func completed(_ sub: TimeWindow, pages: Int) {
        position = sub.end
        guard splits else { return }
        if pages >= Self.densePages {
            span = max(span / 2, Self.narrowestSpan)
        } else if pages <= Self.sparsePages {
            span = min(span * 2, Self.widestSpan)
        }
    }

    /// The sub-window's pages stayed unreadable: list its first sixteenth next. False when it cannot be
    /// narrowed further (the caller sets it aside with `skip`).
    mutating func narrow(_ sub: TimeWindow) -> Bool {
        let length = sub.end - sub.start
        guard splits, length > Self.narrowestSpan else { return false }
        span = max(length / Self.narrowingFactor, Self.narrowestSpan)
        return true
    }

    static let narrowingFactor = 16.0

    /// Moves past a sub-window that was set aside.
    mutating func skip(_ sub: TimeWindow) {
        position = sub.end
        if splits { span = Self.initialSpan }
    }
}
