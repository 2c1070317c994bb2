/// A value's position in a validated document: a tape index, nothing else. Copying one costs nothing
/// (no reference count); it means something only together with the `JSONView` it came from.
public struct JSONNode: Sendable, Equatable {
    @usableFromInline let index: Int

    @usableFromInline init(index: Int) { self.index = index }
}

/// A borrowed, read-only view of a validated document for hot loops: pointers to its bytes and tape, so
/// walking values never touches a reference count (with `JSONValue`, every step retains the document).
///
/// Valid only inside the `JSONValue.withView` call that produced it: never store or return it. Lookups
/// take optional nodes and answer nil for nil, so paths chain: `view.member(view.member(r, "tags"), "Name")`.
public struct JSONView {
    @usableFromInline let bytes: UnsafePointer<UInt8>
    @usableFromInline let tape: UnsafePointer<JSONTapeEntry>
    /// The document has tab, CR or LF between tokens: splicing must drop them (see `JSONWriter.raw`).
    @usableFromInline let hasControlWhitespace: Bool

    /// The kind of the value at `node`.
    @inlinable @inline(__always) public func kind(_ node: JSONNode) -> JSONKind { tape[node.index].kind }

    /// `node` if its value has `kind`; nil otherwise (a `null` or a surprising shape counts as absent).
    @inlinable @inline(__always) public func ofKind(_ node: JSONNode?, _ kind: JSONKind) -> JSONNode? {
        guard let node, tape[node.index].kind == kind else { return nil }
        return node
    }

    /// The first member named `key` of the object at `node`; nil if absent, or if `node` is nil or not an object.
    public func member(_ node: JSONNode?, _ key: StaticString) -> JSONNode? {
        member(node, named: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    }

    /// The first member whose key is the UTF-8 `key`; nil if absent, or if `node` is nil or not an object.
    public func member(_ node: JSONNode?, named key: UnsafeBufferPointer<UInt8>) -> JSONNode? {
        guard let node, tape[node.index].kind == .object else { return nil }
        let end = Int(tape[node.index].next)
        var child = node.index + 1
        while child < end {
            if keyMatches(tape[child], key) { return JSONNode(index: child + 1) }
            child = Int(tape[child + 1].next)
        }
        return nil
    }

    /// True when some element of the array at `node` satisfies `predicate` (tried in order, stopping at
    /// the first); false if `node` is nil or not an array.
    public func containsElement(_ node: JSONNode?, where predicate: (JSONNode) throws -> Bool) rethrows -> Bool {
        guard let node, tape[node.index].kind == .array else { return false }
        let end = Int(tape[node.index].next)
        var child = node.index + 1
        while child < end {
            if try predicate(JSONNode(index: child)) { return true }
            child = Int(tape[child].next)
        }
        return false
    }

    /// The member named `key` if it has `kind`; nil otherwise.
    @inline(__always) public func member(_ node: JSONNode?, _ key: StaticString, ofKind kind: JSONKind) -> JSONNode? {
        ofKind(member(node, key), kind)
    }

    /// The element at `position` of the array at `node`; nil if out of range or not an array.
    public func element(_ node: JSONNode?, at position: Int) -> JSONNode? {
        guard let node, tape[node.index].kind == .array, position >= 0 else { return nil }
        let end = Int(tape[node.index].next)
        var child = node.index + 1
        var current = 0
        while child < end {
            if current == position { return JSONNode(index: child) }
            child = Int(tape[child].next)
            current += 1
        }
        return nil
    }

    /// Calls `body` with each element of the array at `node`, in order; nothing if nil or not an array.
    @inlinable
    public func forEachElement(_ node: JSONNode?, _ body: (JSONNode) throws -> Void) rethrows {
        guard let node, tape[node.index].kind == .array else { return }
        let end = Int(tape[node.index].next)
        var child = node.index + 1
        while child < end {
            try body(JSONNode(index: child))
            child = Int(tape[child].next)
        }
    }

    /// Number of elements of the array, or members of the object, at `node`; 0 for scalars.
    @inlinable
    public func count(_ node: JSONNode) -> Int {
        let end = Int(tape[node.index].next)
        var child = node.index + 1
        var total = 0
        while child < end {
            child = Int(tape[child].next)
            total += 1
        }
        return tape[node.index].kind == .object ? total / 2 : total
    }

    /// The exact original bytes of the value at `node` (strings with their quotes and escapes).
    @inlinable @inline(__always) public func rawBytes(_ node: JSONNode) -> UnsafeBufferPointer<UInt8> {
        let entry = tape[node.index]
        return UnsafeBufferPointer(start: bytes + Int(entry.start), count: Int(entry.end - entry.start))
    }

    /// The UTF-8 of the string at `node`, read in place: nil unless it is a string without escapes (an
    /// escaped one needs `string(_:)`).
    public func unescapedStringBytes(_ node: JSONNode) -> UnsafeBufferPointer<UInt8>? {
        let entry = tape[node.index]
        guard entry.kind == .string, !entry.flag else { return nil }
        return UnsafeBufferPointer(start: bytes + Int(entry.start) + 1, count: Int(entry.end - entry.start) - 2)
    }

    /// The boolean at `node`; nil unless it is `true` or `false`.
    public func bool(_ node: JSONNode) -> Bool? {
        tape[node.index].kind == .bool ? bytes[Int(tape[node.index].start)] == UInt8(ascii: "t") : nil
    }

    /// The unescaped string at `node`; nil unless it is a string.
    public func string(_ node: JSONNode?) -> String? {
        guard let node, tape[node.index].kind == .string else { return nil }
        let entry = tape[node.index]
        let content = UnsafeBufferPointer(start: bytes + Int(entry.start) + 1, count: Int(entry.end - entry.start) - 2)
        return decodeString(content[...], hasEscapes: entry.flag)
    }

    /// The number at `node` as a Double (correctly rounded); nil unless it is a number.
    public func double(_ node: JSONNode?) -> Double? {
        guard let node, tape[node.index].kind == .number else { return nil }
        return parseDouble(rawBytes(node)[...])
    }

    /// True when `node` is a string whose unescaped value equals `text`, without creating a String.
    public func isString(_ node: JSONNode?, _ text: StaticString) -> Bool {
        guard let node, tape[node.index].kind == .string else { return false }
        guard let content = unescapedStringBytes(node) else { return string(node) == "\(text)" }
        return content.count == text.utf8CodeUnitCount
            && bytesEqual(UnsafeRawPointer(content.baseAddress!), UnsafeRawPointer(text.utf8Start), count: content.count)
    }

    /// True when both values are spelled with exactly the same bytes (e.g. the same id twice).
    public func hasSameRawBytes(_ left: JSONNode, _ right: JSONNode) -> Bool {
        let a = rawBytes(left), b = rawBytes(right)
        return a.count == b.count && bytesEqual(UnsafeRawPointer(a.baseAddress!), UnsafeRawPointer(b.baseAddress!), count: a.count)
    }

    /// Compares an object key with a literal as bytes; only escaped keys (rare) are decoded first.
    @inline(__always)
    private func keyMatches(_ entry: JSONTapeEntry, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let length = Int(entry.end - entry.start) - 2
        if entry.flag {
            var decoded = JSONValue.decodedKey(bytes: bytes, entry: entry)
            return decoded.withUTF8 { $0.elementsEqual(key) }
        }
        guard length == key.count else { return false }
        guard let keyBase = key.baseAddress else { return true }
        return bytesEqual(UnsafeRawPointer(bytes + Int(entry.start) + 1), UnsafeRawPointer(keyBase), count: length)
    }
}

/// The result of `JSONView.members(of:_:)`: slot i holds the member named by key i, or nil. Stored inline
/// (no allocation, nothing generic), which is why a `JSONKeySet` holds at most `capacity` keys.
public struct JSONMemberSlots {
    /// The most keys one lookup can answer.
    public static let capacity = 24
    /// Tape index of each key's value, -1 when absent.
    @usableFromInline var storage: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32,
                  Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32) =
        (-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1)

    /// Every slot empty.
    @inlinable init() {}

    /// The member found for key number `position`, or nil.
    @inlinable @inline(__always) public subscript(position: Int) -> JSONNode? {
        let index = withUnsafeBytes(of: storage) { $0.load(fromByteOffset: position * 4, as: Int32.self) }
        return index < 0 ? nil : JSONNode(index: Int(index))
    }
}

extension JSONValue {
    /// Calls `body` with a reference-count-free view of this value's document and this value's node.
    /// The view must not escape `body`. (Not generic on purpose: a generic result type would be resolved
    /// at run time on every call from another module.)
    public func withView(_ body: (JSONView, JSONNode) throws -> Void) rethrows {
        let document = self.document
        try document.bytes.withUnsafeBufferPointer { bytes in
            try document.tape.withUnsafeBufferPointer { tape in
                // A valid document is never empty, so both base addresses exist.
                try body(JSONView(bytes: bytes.baseAddress!, tape: tape.baseAddress!,
                                  hasControlWhitespace: document.hasControlWhitespace), JSONNode(index: index))
            }
        }
    }

    /// A JSONValue for a node of the same document (to hand a part on beyond the view's lifetime).
    public func value(at node: JSONNode) -> JSONValue { JSONValue(document: document, index: node.index) }

    static func decodedKey(bytes: UnsafePointer<UInt8>, entry: JSONTapeEntry) -> String {
        let content = UnsafeBufferPointer(start: bytes + Int(entry.start) + 1, count: Int(entry.end - entry.start) - 2)
        return decodeString(content[...], hasEscapes: true)
    }
}
