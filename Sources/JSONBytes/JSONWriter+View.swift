// Splicing validated JSON in verbatim, read through a `JSONView` (no reference counting per value).
extension JSONWriter {
    /// Splices the validated value at `node` verbatim (tabs and line breaks between tokens dropped).
    public mutating func raw(_ node: JSONNode, in view: JSONView) {
        separate()
        splice(view.rawBytes(node), entries: node.index..<Int(view.tape[node.index].next), of: view)
        markValueWritten()
    }

    /// Writes `key` and the value at `node` spliced verbatim, or nothing at all when `node` is nil.
    public mutating func field(_ key: StaticString, raw node: JSONNode?, in view: JSONView) {
        guard let node else { return }
        guard !view.hasControlWhitespace else {
            self.key(literal: key)
            return raw(node, in: view)
        }
        // The usual case, as `key(literal:)` then `raw(_:in:)` would write it, with one check for room:
        // `,"key":` and the value's bytes, copied in place.
        let value = view.rawBytes(node)
        let keyCount = key.utf8CodeUnitCount
        let comma = needsComma
        var plain = true
        withRoom(for: keyCount + 4 + value.count) { target in
            let opening = comma ? 2 : 1
            if comma { target[0] = UInt8(ascii: ",") }
            target[opening - 1] = UInt8(ascii: "\"")
            let copied = target + opening
            guard Self.copyPlainText(key.utf8Start, keyCount, to: copied) else { plain = false; return 0 }
            copied[keyCount] = UInt8(ascii: "\"")
            copied[keyCount + 1] = UInt8(ascii: ":")
            copyBytes(value.baseAddress!, value.count, to: copied + keyCount + 2)
            return opening + keyCount + 2 + value.count
        }
        guard plain else {
            self.key(literal: key)
            return raw(node, in: view)
        }
        if tape != nil {
            let valueStart = written - value.count
            tape?.scalar(.string, from: valueStart - keyCount - 3, to: valueStart - 1)
            tape?.splice(view.tape, node.index..<Int(view.tape[node.index].next),
                         from: UnsafePointer(value.baseAddress!) - view.bytes, to: valueStart)
        }
        markValueWritten()
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
@inline(__always)
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
