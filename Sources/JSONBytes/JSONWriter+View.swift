// Splicing validated JSON in verbatim, read through a `JSONView` (no reference counting per value).
extension JSONWriter {
    /// Splices the validated value at `node` verbatim (tabs and line breaks between tokens dropped).
    public mutating func raw(_ node: JSONNode, in view: JSONView) {
        separate()
        splice(view.rawBytes(node), entries: node.index..<Int(view.tape[node.index].next), of: view)
        markValueWritten()
    }

    /// Writes `key` and the value at `node` spliced verbatim, or nothing at all when `node` is nil.
    ///
    /// Inlined into the caller (the record mapper writes ~100 fields per record): there the key is a known
    /// literal, so checking it for characters to escape and copying it fold into constant stores, and the
    /// usual field is `,"key":` and the value's bytes written in place after one check for room.
    /// `@inline(always)` (Swift 6.3, SE-0496) because `@inline(__always)` is only a hint, which the optimizer
    /// declines for a body this size: it inlined 17 of the mapper's 74 calls, and the mapper ran a quarter
    /// more instructions than with all of them inlined.
#if compiler(>=6.3)
    @inlinable @inline(always)
#else
    @inlinable @inline(__always)
#endif
    public mutating func field(_ key: StaticString, raw node: JSONNode?, in view: JSONView) {
        guard let node else { return }
        let keyCount = key.utf8CodeUnitCount
        guard !view.hasControlWhitespace, Self.isPlainLiteral(key) else { return fieldOutOfLine(key, raw: node, in: view) }
        let value = view.rawBytes(node)
        let room = keyCount + 4 + value.count
        if capacity - written < room { makeRoom(for: room) }
        let target = base + written
        let opening = needsComma ? 2 : 1
        target[0] = UInt8(ascii: ",")   // overwritten by the opening quote when no comma is needed
        target[opening - 1] = UInt8(ascii: "\"")
        copyBytes(key.utf8Start, keyCount, to: target + opening)
        target[opening + keyCount] = UInt8(ascii: "\"")
        target[opening + keyCount + 1] = UInt8(ascii: ":")
        copyBytes(value.baseAddress!, value.count, to: target + opening + keyCount + 2)
        written += opening + keyCount + 2 + value.count
        needsComma = true
        if recordsTape { recordField(keyCount: keyCount, valueCount: value.count, node: node, in: view) }
    }

    /// True when the literal has no character JSON escapes: nearly always for keys, and known when the
    /// caller is compiled (the check folds away once `field(_:raw:in:)` is inlined with a literal key).
    @inlinable @inline(__always)
    static func isPlainLiteral(_ literal: StaticString) -> Bool {
        // Whole words, the last one overlapping the one before, and no early exit: a loop of a known
        // trip count over known bytes, which the optimizer evaluates.
        let count = literal.utf8CodeUnitCount
        let bytes = UnsafeRawPointer(literal.utf8Start)
        var special: UInt64 = 0
        if count >= 8 {
            var offset = 0
            while offset < count - 8 {
                special |= needsEscapeMask(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                offset += 8
            }
            special |= needsEscapeMask(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)))
        } else if count >= 4 {
            let head = UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self))
            let tail = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            special = needsEscapeMask(UInt64(head) | UInt64(tail) << 32)
        } else {
            for offset in 0..<count {
                special |= needsEscapeMask(UInt64(bytes.load(fromByteOffset: offset, as: UInt8.self)) | 0x2020_2020_2020_2000)
            }
        }
        return special == 0
    }

    /// `field(_:raw:in:)` for what it does not inline: a key to escape, or a document whose line breaks
    /// between tokens are dropped while splicing.
    @usableFromInline
    mutating func fieldOutOfLine(_ key: StaticString, raw node: JSONNode, in view: JSONView) {
        self.key(literal: key)
        raw(node, in: view)
    }

    /// Records the tape entries of the field `field(_:raw:in:)` has just written: its key, and the value
    /// spliced at the end of the document.
    @usableFromInline
    mutating func recordField(keyCount: Int, valueCount: Int, node: JSONNode, in view: JSONView) {
        let valueStart = written - valueCount
        tape?.scalar(.string, from: valueStart - keyCount - 3, to: valueStart - 1)
        tape?.splice(view.tape, node.index..<Int(view.tape[node.index].next),
                     from: UnsafePointer(view.rawBytes(node).baseAddress!) - view.bytes, to: valueStart)
    }

    /// Writes one member of a validated object, its key and its value both spliced verbatim (still escaped as
    /// in the document): copies an object member by member, leaving some out, without creating a String.
    public mutating func rawMember(key: JSONNode, value: JSONNode, in view: JSONView) {
        separate()
        splice(view.rawBytes(key), entries: key.index..<(key.index + 1), of: view)
        appendByte(UInt8(ascii: ":"))
        needsCommaReset()
        raw(value, in: view)
    }

    /// Splices the members of a validated object into the object being written, as if each had been
    /// written one by one: lets a caller pre-render constant members once and reuse them per document.
    public mutating func rawMembers(of object: JSONValue) {
        guard object.kind == .object, object.count > 0 else { return }
        separate()
        object.withView { view, node in
            let raw = view.rawBytes(node)
            splice(UnsafeBufferPointer(rebasing: raw[1..<(raw.count - 1)]),
                   entries: (node.index + 1)..<Int(view.tape[node.index].next), of: view)
        }
        needsComma = true
    }

    /// Appends `bytes`, a run of `view`'s document, and records the tape `entries` that describe them,
    /// moved to where they land. A splice that dropped line breaks moved the bytes after them, so the
    /// recorded tape stops being exact (the document is then scanned instead).
    @inline(__always)
    private mutating func splice(_ bytes: UnsafeBufferPointer<UInt8>, entries: Range<Int>, of view: JSONView) {
        let start = written
        appendSplicing(bytes, dropLineBreaks: view.hasControlWhitespace)
        guard tape != nil else { return }
        tape?.splice(view.tape, entries, from: UnsafePointer(bytes.baseAddress!) - view.bytes, to: start)
        if view.hasControlWhitespace { tape?.lostTrack() }
    }
}

/// Copies `count` bytes: short runs (most values spliced into records) as overlapping words, no call.
@inlinable @inline(__always)
func copyBytes(_ source: UnsafePointer<UInt8>, _ count: Int, to target: UnsafeMutablePointer<UInt8>) {
    let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
    switch count {
    case 8...16:
        let head = from.loadUnaligned(as: UInt64.self)
        let tail = from.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        to.storeBytes(of: head, as: UInt64.self)
        to.storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
    case 4..<8:
        let head = from.loadUnaligned(as: UInt32.self)
        let tail = from.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        to.storeBytes(of: head, as: UInt32.self)
        to.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
    case 0..<4:
        for offset in 0..<count { target[offset] = source[offset] }
    default:
        target.initialize(from: source, count: count)
    }
}
