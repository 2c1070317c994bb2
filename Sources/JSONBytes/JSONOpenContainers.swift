/// The containers a scan has open, outermost first: a stack that starts in caller-provided room (on the
/// thread's stack, sized for the usual depth) and moves to the heap, doubling, only when a document nests
/// deeper. So any valid document scans, however deep, with memory bounded by its length (one slot per
/// open bracket), while the common case costs no allocation and one comparison per container.
///
/// Each slot holds a container's tape index shifted left once, its low bit set for objects.
struct JSONOpenContainers {
    /// Slots kept without an allocation; Inspector findings nest fewer than 10 levels.
    static let inlineCapacity = 32

    private var slots: UnsafeMutablePointer<Int>
    private var capacity: Int
    /// The slots were allocated here (after the room given at `init` filled up), so `release` frees them.
    private var ownsSlots = false

    /// Starts in `room`, which must outlive this stack.
    init(room: UnsafeMutableBufferPointer<Int>) {
        slots = room.baseAddress!
        capacity = room.count
    }

    /// Sets the slot at `depth` (at most one past the deepest set so far), growing first when it is full.
    @inline(__always) mutating func set(_ slot: Int, at depth: Int) {
        if depth == capacity { self = grown() }
        slots[depth] = slot
    }

    /// The slot at `depth`, which must have been set.
    @inline(__always) subscript(depth: Int) -> Int { slots[depth] }

    /// Frees what the stack allocated; call once, when the scan is over.
    func release() {
        if ownsSlots { slots.deallocate() }
    }

    /// This stack with twice the room, the old room released. Off the hot path (only documents nesting
    /// deeper than `inlineCapacity` get here, once per doubling), and returned rather than mutated in
    /// place so the scan can keep its stack in registers instead of memory whose address escaped.
    @inline(never) private func grown() -> JSONOpenContainers {
        let larger = UnsafeMutablePointer<Int>.allocate(capacity: capacity * 2)
        larger.initialize(from: slots, count: capacity)
        release()
        var result = JSONOpenContainers(room: UnsafeMutableBufferPointer(start: larger, count: capacity * 2))
        result.ownsSlots = true
        return result
    }
}
