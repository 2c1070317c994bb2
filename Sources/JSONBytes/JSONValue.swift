/// A validated JSON value: a position in a document's tape, sharing the document's bytes.
///
/// Copying a value copies one reference and an index; nothing is decoded until asked for.
public struct JSONValue: Sendable {
    let document: JSONDocument
    let index: Int

    init(document: JSONDocument, index: Int) {
        self.document = document
        self.index = index
    }

    /// Validates the whole document once (RFC 8259, plus well-formed UTF-8 and paired surrogates).
    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try parseTyped(bytes)
    }

    /// Same as `parse`, with the error type known to the compiler.
    public static func parseTyped(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        var failure: JSONError?
        var hasControlWhitespace = false
        let tape = bytes.withUnsafeBufferPointer { input in
            [JSONTapeEntry](unsafeUninitializedCapacity: JSONScanner.tapeCapacity(for: input.count)) { tape, count in
                var scanner = JSONScanner(input: input, tape: tape.baseAddress!)
                do throws(JSONError) {
                    count = try scanner.scanDocument()
                    hasControlWhitespace = scanner.sawControlWhitespace
                } catch {
                    failure = error
                    count = 0   // entries are trivial values: nothing to deinitialize
                }
            }
        }
        if let failure { throw failure }
        let document = JSONDocument(bytes: bytes, tape: tape, hasControlWhitespace: hasControlWhitespace)
        return JSONValue(document: document, index: 0)
    }

    var entry: JSONTapeEntry { document.tape[index] }

    /// The kind of this value.
    public var kind: JSONKind { entry.kind }

    /// The exact original bytes of this value, escapes and number spelling untouched.
    public var rawBytes: ArraySlice<UInt8> {
        let entry = self.entry
        return document.bytes[Int(entry.start)..<Int(entry.end)]
    }

    /// The member named `key` (the first one if the object repeats it); nil if absent or not an object.
    public subscript(key: String) -> JSONValue? {
        guard kind == .object else { return nil }
        var key = key
        var found: JSONNode?
        withView { view, node in found = key.withUTF8 { view.member(node, named: $0) } }
        return found.map(value(at:))
    }

    /// The element at `index`; nil if out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        guard kind == .array, index >= 0 else { return nil }
        let tape = document.tape
        var child = self.index + 1
        let end = Int(tape[self.index].next)
        var position = 0
        while child < end {
            if position == index { return JSONValue(document: document, index: child) }
            child = Int(tape[child].next)
            position += 1
        }
        return nil
    }

    /// The array's elements in order; empty if this is not an array.
    public var elements: [JSONValue] {
        guard kind == .array else { return [] }
        let tape = document.tape
        var result: [JSONValue] = []
        var child = index + 1
        let end = Int(tape[index].next)
        while child < end {
            result.append(JSONValue(document: document, index: child))
            child = Int(tape[child].next)
        }
        return result
    }

    /// Number of array elements or object members; 0 for scalars.
    public var count: Int {
        let tape = document.tape
        var child = index + 1
        let end = Int(tape[index].next)
        var total = 0
        while child < end {
            child = Int(tape[child].next)
            total += 1
        }
        return kind == .object ? total / 2 : total
    }

    /// The object's members in document order (keys unescaped); empty if this is not an object.
    public var members: [(key: String, value: JSONValue)] {
        guard kind == .object else { return [] }
        let tape = document.tape
        var result: [(key: String, value: JSONValue)] = []
        var child = index + 1
        let end = Int(tape[index].next)
        while child < end {
            let key = JSONValue(document: document, index: child).string ?? ""
            result.append((key, JSONValue(document: document, index: child + 1)))
            child = Int(tape[child + 1].next)
        }
        return result
    }

    /// True when this value is JSON `null`.
    public var isNull: Bool { kind == .null }

    /// The boolean value; nil unless this is `true` or `false`.
    public var bool: Bool? {
        guard kind == .bool else { return nil }
        return document.bytes[Int(entry.start)] == UInt8(ascii: "t")
    }
}

/// Compares short runs (keys) without a library call or a byte loop: two overlapping loads cover 4–8
/// bytes with 4-byte words, 8–16 with 8-byte words; two pairs of them 16–32. (Object keys are mostly 4–27
/// bytes; comparing the short ones byte by byte was a sixth of the record mapper's member lookups.)
@inline(__always)
func bytesEqual(_ left: UnsafeRawPointer, _ right: UnsafeRawPointer, count: Int) -> Bool {
    switch count {
    case 8...16:
        return wordsEqual(left, right, at: 0, as: UInt64.self) && wordsEqual(left, right, at: count - 8, as: UInt64.self)
    case 4..<8:
        return wordsEqual(left, right, at: 0, as: UInt32.self) && wordsEqual(left, right, at: count - 4, as: UInt32.self)
    case 17...32:
        return wordsEqual(left, right, at: 0, as: UInt64.self) && wordsEqual(left, right, at: 8, as: UInt64.self)
            && wordsEqual(left, right, at: count - 16, as: UInt64.self) && wordsEqual(left, right, at: count - 8, as: UInt64.self)
    case 0..<4:
        for offset in 0..<count where left.load(fromByteOffset: offset, as: UInt8.self)
            != right.load(fromByteOffset: offset, as: UInt8.self) {
            return false
        }
        return true
    default:
        return memcmp(left, right, count) == 0
    }
}

/// The words of type `Word` at `offset` of both runs are equal (unaligned loads).
@inline(__always)
private func wordsEqual<Word: FixedWidthInteger>(_ left: UnsafeRawPointer, _ right: UnsafeRawPointer, at offset: Int,
                                                 as: Word.Type) -> Bool {
    left.loadUnaligned(fromByteOffset: offset, as: Word.self) == right.loadUnaligned(fromByteOffset: offset, as: Word.self)
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
