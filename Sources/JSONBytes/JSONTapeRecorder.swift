/// The tape of what a `JSONWriter` writes, built as it writes: entries equal to what a scan of the output
/// would produce, so a document the collector has just written (a record, for the log filters) is read
/// without scanning it again. Splices copy the source document's entries, moved to their new offsets.
struct JSONTapeRecorder: Sendable {
    private(set) var entries: [JSONTapeEntry] = []
    /// The entry of the innermost container not yet closed, or -1. Each open container's `next` holds the
    /// entry of the one around it until it closes (a stack without an allocation of its own).
    private var innermostOpen = -1
    /// False once the output's tape cannot be known without a scan: a splice that dropped line breaks
    /// moved the bytes after them.
    private(set) var isExact = true
    /// While set, writes are not recorded; containers opened meanwhile are counted, so that closing the
    /// container the skip began in is recorded again.
    private var skipping = false
    private var skippedDepth = 0

    /// Where the recorded document begins in the writer's bytes.
    let recordingStart: Int

    init(startingAt offset: Int, reservingEntries count: Int) {
        recordingStart = offset
        entries.reserveCapacity(count)
    }

    /// True when the entries describe exactly one complete value.
    var isComplete: Bool { isExact && innermostOpen < 0 && !entries.isEmpty && Int(entries[0].next) == entries.count }

    /// Leaves what is written from here to the end of the innermost open container out of the tape.
    mutating func skipRestOfContainer() {
        skipping = true
        skippedDepth = 0
    }

    mutating func scalar(_ kind: JSONKind, from start: Int, to end: Int, flag: Bool = false) {
        guard !skipping else { return }
        let index = UInt32(truncatingIfNeeded: entries.count)
        entries.append(JSONTapeEntry(start: UInt32(truncatingIfNeeded: start), end: UInt32(truncatingIfNeeded: end),
                                     next: index &+ 1, kind: kind, flag: flag))
    }

    mutating func openContainer(_ kind: JSONKind, at start: Int) {
        guard !skipping else { skippedDepth += 1; return }
        let enclosing = UInt32(bitPattern: Int32(truncatingIfNeeded: innermostOpen))
        innermostOpen = entries.count
        entries.append(JSONTapeEntry(start: UInt32(truncatingIfNeeded: start), end: 0, next: enclosing, kind: kind, flag: false))
    }

    mutating func closeContainer(endingAt end: Int) {
        if skipping {
            guard skippedDepth == 0 else { skippedDepth -= 1; return }
            skipping = false
        }
        guard innermostOpen >= 0 else { isExact = false; return }
        let top = innermostOpen
        innermostOpen = Int(Int32(bitPattern: entries[top].next))
        entries[top].end = UInt32(truncatingIfNeeded: end)
        entries[top].next = UInt32(truncatingIfNeeded: entries.count)
    }

    /// Copies `source[range]` (whole values, or whole members), whose bytes began at `sourceOffset` and
    /// now begin at `offset`.
    mutating func splice(_ source: UnsafePointer<JSONTapeEntry>, _ range: Range<Int>, from sourceOffset: Int,
                         to offset: Int) {
        guard !skipping else { return }
        let first = entries.count
        if range.count == 1 {   // a scalar, most splices: no bulk copy and fix-up pass
            var entry = source[range.lowerBound]
            entry.start = UInt32(truncatingIfNeeded: offset + Int(entry.start) - sourceOffset)
            entry.end = UInt32(truncatingIfNeeded: offset + Int(entry.end) - sourceOffset)
            entry.next = UInt32(truncatingIfNeeded: first + 1)
            entries.append(entry)
            return
        }
        entries.append(contentsOf: UnsafeBufferPointer(start: source + range.lowerBound, count: range.count))
        let byteShift = UInt32(truncatingIfNeeded: offset &- sourceOffset)
        let indexShift = UInt32(truncatingIfNeeded: first &- range.lowerBound)
        entries.withUnsafeMutableBufferPointer { moved in
            for index in first..<moved.count {
                moved[index].start &+= byteShift
                moved[index].end &+= byteShift
                moved[index].next &+= indexShift
            }
        }
    }

    /// After a splice whose bytes were changed on the way.
    mutating func lostTrack() { isExact = false }
}
