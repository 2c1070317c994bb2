/// Builds one compact JSON document by appending bytes; commas between members are inserted automatically.
///
/// The writer trusts its caller for structure (balanced begin/end, a key before each object value); it
/// guarantees that every string it writes is escaped per RFC 8259, so its output parses whenever the calls
/// are balanced.
///
/// Noncopyable: it writes through a pointer into its buffer kept across calls (checking the buffer's
/// uniqueness on every append was about 5% of the record mapper's instructions), which two copies of one
/// writer would share. `@unchecked Sendable`: that pointer only ever points into `storage`, which is
/// referenced by this writer alone and moves with it. Being noncopyable, it cannot be reflected either
/// (`dump`, `Mirror`), so the uninitialized room after the document is never shown.
public struct JSONWriter: ~Copyable, @unchecked Sendable {
    /// The document is `storage[..<written]`; the rest is room to write into. Appending copies
    /// into that room through one pointer instead of `Array.append`, whose growth and uniqueness checks per
    /// call were a tenth of the record mapper's time (it appends ~150 short pieces per record).
    private var storage: [UInt8]
    /// `storage`'s bytes, as a pointer, and how many there are: set whenever `storage` is replaced.
    /// (Usable from inlinable code: the field writers the record mapper calls ~100 times per record are
    /// inlined into it, see `field(_:raw:in:)`.)
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var written: Int
    /// True after a complete value or member: the next value or key needs a comma first.
    @usableFromInline var needsComma = false
    /// Set by `recordTape`: the tape of everything written after that.
    var tape: JSONTapeRecorder?
    /// `tape != nil`, readable by inlined code (the recorder itself is internal).
    @usableFromInline var recordsTape = false

    /// Creates an empty writer with room for `reservingCapacity` bytes.
    public init(reservingCapacity: Int = 4096) {
        self.init(appendingTo: [], reservingCapacity: reservingCapacity)
    }

    /// Continues after `prefix` (say, a syslog header), with room for `reservingCapacity` more bytes: the
    /// document is appended to those bytes, and `finish()` returns prefix and document together, so the
    /// caller never copies the document afterwards (only the prefix is copied, into the new buffer).
    public init(appendingTo prefix: consuming [UInt8], reservingCapacity: Int = 4096) {
        written = prefix.count
        storage = Self.room(keeping: prefix, written: prefix.count, atLeast: prefix.count + max(reservingCapacity, 16))
        (base, capacity) = Self.pointer(to: &storage)
    }

    /// The bytes of a buffer only this writer references: they stay where they are until it is replaced.
    private static func pointer(to storage: inout [UInt8]) -> (UnsafeMutablePointer<UInt8>, Int) {
        (storage.withUnsafeMutableBufferPointer { $0.baseAddress! }, storage.count)
    }

    /// A buffer of `atLeast` bytes whose first `written` are those of `bytes`. The rest is left as the
    /// allocator gave it, never read before it is written (only `storage[..<written]` is ever handed out):
    /// zero-filling room the size of the record cost as much as a tenth of the pipeline.
    private static func room(keeping bytes: borrowing [UInt8], written: Int, atLeast capacity: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: capacity) { room, initialized in
            bytes.withUnsafeBufferPointer { source in
                if written > 0 { room.baseAddress!.initialize(from: source.baseAddress!, count: written) }
            }
            initialized = room.count   // UInt8 is trivial: every bit pattern is a value, so none is invalid
        }
    }

    /// The document written so far (a copy; `finish()` hands over the buffer itself).
    public var bytes: [UInt8] { Array(storage[..<written]) }

    /// Ends writing and returns the prefix and document, without copying them; the writer is empty after.
    /// (Mutating, not consuming: consuming a `var` may leave a copy alive, and trimming a shared buffer
    /// copies it — that copy was a twentieth of the pipeline's time.)
    public mutating func finish() -> [UInt8] {
        var bytes: [UInt8] = []
        swap(&bytes, &storage)   // `bytes` now holds the only reference, so trimming it copies nothing
        capacity = 0             // the next write makes new room: `base` points into `bytes` now
        bytes.removeSubrange(written...)
        written = 0
        needsComma = false
        tape = nil
        recordsTape = false
        return bytes
    }

    /// Bytes written so far, prefix included.
    public var count: Int { written }

    /// Opens an object.
    public mutating func beginObject() { openContainer(UInt8(ascii: "{")) }
    /// Closes the innermost object.
    public mutating func endObject() { closeContainer(UInt8(ascii: "}")) }
    /// Opens an array.
    public mutating func beginArray() { openContainer(UInt8(ascii: "[")) }
    /// Closes the innermost array.
    public mutating func endArray() { closeContainer(UInt8(ascii: "]")) }

    /// Writes an object key and the colon; the value written next belongs to it.
    public mutating func key(_ key: String) {
        var key = key
        key.withUTF8 { writeKey($0) }
    }

    mutating func writeKey(_ utf8: UnsafeBufferPointer<UInt8>) {
        separate()
        appendEscapedString(utf8)
        appendByte(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes an escaped string value.
    public mutating func string(_ value: String) {
        separate()
        var value = value
        value.withUTF8 { appendEscapedString($0) }
        needsComma = true
    }

    /// Appends a quoted, escaped string and records it (flagged when an escape was needed).
    mutating func appendEscapedString(_ utf8: UnsafeBufferPointer<UInt8>) {
        let start = written
        appendEscapedUTF8(utf8)
        tape?.scalar(.string, from: start, to: written, flag: written - start != utf8.count + 2)
    }

    /// Writes an integer value.
    public mutating func number(_ value: Int64) {
        separate()
        let start = written
        appendDecimal(value)
        tape?.scalar(.number, from: start, to: written)
        needsComma = true
    }

    /// Writes a floating-point value in its shortest round-trip form; NaN and infinities become `null`.
    public mutating func number(_ value: Double) {
        guard value.isFinite else { return null() }
        separate()
        let start = written
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            appendDecimal(Int64(value))   // integral: no ".0", no allocation
            tape?.scalar(.number, from: start, to: written)
        } else {
            var text = value.description
            text.withUTF8 { appendBytes($0) }
            tape?.scalar(.number, from: start, to: written, flag: true)   // has a fraction or an exponent
        }
        needsComma = true
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) {
        separate()
        let start = written
        appendBytes(value ? "true" : "false")
        tape?.scalar(.bool, from: start, to: written)
        needsComma = true
    }

    /// Writes `null`.
    public mutating func null() {
        separate()
        let start = written
        appendBytes("null")
        tape?.scalar(.null, from: start, to: written)
        needsComma = true
    }

    /// Splices an already validated value verbatim: no decoding, no re-encoding. The one change: tabs and
    /// line breaks between tokens are dropped, so the output stays one line (records are line-framed).
    /// Valid JSON has those bytes only between tokens, where they never separate anything.
    public mutating func raw(_ value: JSONValue) {
        value.withView { view, node in raw(node, in: view) }
    }

    private mutating func openContainer(_ bracket: UInt8) {
        separate()
        tape?.openContainer(bracket == UInt8(ascii: "{") ? .object : .array, at: written)
        appendByte(bracket)
        needsComma = false
    }

    private mutating func closeContainer(_ bracket: UInt8) {
        appendByte(bracket)
        tape?.closeContainer(endingAt: written)
        needsComma = true
    }

    @inline(__always) mutating func appendByte(_ byte: UInt8) {
        if written == capacity { makeRoom(for: 1) }
        base[written] = byte
        written += 1
    }

    @inline(__always) mutating func appendBytes(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let source = buffer.baseAddress else { return }
        withRoom(for: buffer.count) { copyBytes(source, buffer.count, to: $0); return buffer.count }
    }

    @inline(__always) mutating func appendBytes(_ literal: StaticString) {
        appendBytes(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Calls `body` with a pointer to at least `count` writable bytes at the end of the document; `body`
    /// returns how many it wrote.
    @inline(__always) mutating func withRoom(for count: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if capacity - written < count { makeRoom(for: count) }
        written += body(base + written)
    }

    /// Splices validated JSON; with `dropLineBreaks`, tabs, CR and LF (only ever between tokens) are left out.
    @inline(__always) mutating func appendSplicing(_ source: UnsafeBufferPointer<UInt8>, dropLineBreaks: Bool) {
        guard dropLineBreaks else { return appendBytes(source) }
        withRoom(for: source.count) { target in
            var kept = 0
            for byte in source where byte != 0x0A && byte != 0x0D && byte != 0x09 {
                target[kept] = byte
                kept += 1
            }
            return kept
        }
    }

    /// Grows the room geometrically (the slow path; records are sized up front).
    @usableFromInline mutating func makeRoom(for count: Int) {
        storage = Self.room(keeping: storage, written: written, atLeast: written * 2 + count)
        (base, capacity) = Self.pointer(to: &storage)
    }

    @inline(__always) mutating func separate() {
        if needsComma { appendByte(UInt8(ascii: ",")) }
    }

    /// After a key: its value follows without a comma.
    @inline(__always) mutating func needsCommaReset() { needsComma = false }

    /// After a complete value: the next value or key needs a comma first.
    @inline(__always) mutating func markValueWritten() { needsComma = true }

    private mutating func appendDecimal(_ value: Int64) {
        var magnitude = value.magnitude
        let sign = value < 0 ? 1 : 0
        let digitCount = Self.decimalDigits(magnitude)
        // Digits go straight into place, right to left, two at a time.
        withRoom(for: sign + digitCount) { target in
            if sign == 1 { target[0] = UInt8(ascii: "-") }
            var index = sign + digitCount
            Self.twoDigits.withUnsafeBufferPointer { pairs in
                while magnitude >= 10 {
                    let pair = Int(magnitude % 100) * 2
                    magnitude /= 100
                    index -= 2
                    target[index] = pairs[pair]
                    target[index + 1] = pairs[pair + 1]
                }
            }
            if index > sign { target[index - 1] = UInt8(ascii: "0") + UInt8(magnitude) }
            return sign + digitCount
        }
    }

    /// How many decimal digits `value` has: from its bit length, corrected by one comparison.
    @inline(__always) private static func decimalDigits(_ value: UInt64) -> Int {
        let bits = 64 - (value | 1).leadingZeroBitCount
        let guess = (bits * 1233) >> 12   // ⌊bits · log10(2)⌋, at most one below the answer
        return guess < powersOfTen.count && value >= powersOfTen[guess] ? guess + 1 : max(guess, 1)
    }

    /// 10⁰ … 10¹⁹: every power of ten a UInt64 holds.
    private static let powersOfTen: [UInt64] = (0..<20).map { exponent in
        (0..<exponent).reduce(UInt64(1)) { power, _ in power &* 10 }
    }

    /// "00" "01" … "99", back to back.
    private static let twoDigits: [UInt8] = (0..<100).flatMap { [UInt8(ascii: "0") + UInt8($0 / 10), UInt8(ascii: "0") + UInt8($0 % 10)] }
}
