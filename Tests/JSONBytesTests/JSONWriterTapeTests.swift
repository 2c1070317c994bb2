@testable import JSONBytes
import XCTest

/// A writer that records its tape hands out a document identical to what scanning its output would give:
/// same entries (offsets, sibling links, kinds, flags), so log filters may read records without a scan.
final class JSONWriterTapeTests: XCTestCase {
    private let prefix = Array("<134>1 2026-11-24T08:00:00.000Z host app 42 class - ".utf8)

    /// The recorded tape, offsets made relative to the document, next to a fresh scan of the same bytes.
    private func assertRecordedTapeMatchesScan(_ bytes: [UInt8], _ document: JSONValue?, file: StaticString = #filePath,
                                               line: UInt = #line) throws {
        let recorded = try XCTUnwrap(document, "no document", file: file, line: line)
        let scanned = try JSONValue.parse(Array(bytes[prefix.count...]))
        XCTAssertEqual(recorded.document.tape.count, scanned.document.tape.count, "entry count", file: file, line: line)
        for (index, (mine, theirs)) in zip(recorded.document.tape, scanned.document.tape).enumerated() {
            let shifted = [Int(mine.start) - prefix.count, Int(mine.end) - prefix.count, Int(mine.next)]
            XCTAssertEqual(shifted, [Int(theirs.start), Int(theirs.end), Int(theirs.next)], "entry \(index)", file: file, line: line)
            XCTAssertEqual(mine.kind, theirs.kind, "entry \(index) kind", file: file, line: line)
            XCTAssertEqual(mine.flag, theirs.flag, "entry \(index) flag", file: file, line: line)
        }
        XCTAssertEqual(Array(recorded.rawBytes), Array(scanned.rawBytes), file: file, line: line)
    }

    func testEveryKindOfWriteIsRecordedAsAScanWouldSeeIt() throws {
        let source = try JSONValue.parse(Array(#"{"s":"caf\u00e9 \"q\"","n":2.50,"e":1E3,"a":[1,{"b":[]},null],"o":{"k":true}}"#.utf8))
        let stamp = try JSONValue.parse(Array(#"{"msg_class":"x","nested":{"y":[1,2]}}"#.utf8))
        var writer = JSONWriter(appendingTo: prefix, reservingCapacity: 16)   // tiny: growth is recorded too
        writer.recordTape()
        writer.beginObject()
        writer.field("int", Int64(-12345))
        writer.rawMembers(of: stamp)
        writer.field("fraction", 0.25)
        writer.field("integral double", 3.0)
        writer.field("huge", 1e300)
        writer.key("nan"); writer.number(Double.nan)
        writer.field("flag", true)
        writer.key("nothing"); writer.null()
        writer.field("plain", "text")
        writer.field("escaped", "line\nbreak \"quoted\"")
        writer.field("status", literal: "Active")
        writer.field("short literal", literal: "ok")
        writer.field("empty literal", literal: "")
        writer.field("literal to escape", literal: "say \"hi\"\tthen go")
        writer.key("dynamic \"key\"")
        writer.beginArray()
        writer.raw(try XCTUnwrap(source["s"]))
        writer.raw(try XCTUnwrap(source["n"]))
        writer.raw(try XCTUnwrap(source["e"]))
        writer.raw(try XCTUnwrap(source["a"]))
        writer.beginObject(); writer.endObject()
        writer.beginArray(); writer.endArray()
        writer.endArray()
        writer.key("whole"); writer.raw(source)
        writer.endObject()
        let (bytes, document) = try writer.finishDocument()
        try assertRecordedTapeMatchesScan(bytes, document)
        XCTAssertEqual(document?["escaped"]?.string, "line\nbreak \"quoted\"")
        XCTAssertEqual(document?["literal to escape"]?.string, "say \"hi\"\tthen go")
        XCTAssertEqual(document?["short literal"]?.string, "ok")
        XCTAssertEqual(document?["empty literal"]?.string, "")
        XCTAssertEqual(document?["whole"]?["a"]?[1]?["b"]?.kind, .array)
    }

    func testASpliceThatDropsLineBreaksFallsBackToAScan() throws {
        let source = try JSONValue.parse(Array("{\n\t\"a\": [1,\r\n 2]\n}".utf8))
        var writer = JSONWriter(appendingTo: prefix)
        writer.recordTape()
        writer.beginObject()
        writer.field("before", Int64(1))
        writer.key("spliced"); writer.raw(source)
        writer.field("after", "x")
        writer.endObject()
        let (bytes, document) = try writer.finishDocument()
        XCTAssertEqual(String(decoding: bytes[prefix.count...], as: UTF8.self), #"{"before":1,"spliced":{"a": [1, 2]},"after":"x"}"#)
        XCTAssertEqual(document?["spliced"]?["a"]?[1]?.int, 2)
        XCTAssertEqual(document?["after"]?.string, "x")
    }

    func testTheRestOfAContainerCanBeLeftOutOfTheTape() throws {
        var writer = JSONWriter(appendingTo: prefix)
        writer.recordTape()
        writer.beginObject()
        writer.field("kept", "yes")
        writer.beginObject("inner")
        writer.field("a", Int64(1))
        writer.leaveRestOfContainerUnrecorded()
        writer.beginArray("skipped"); writer.beginObject(); writer.endObject(); writer.number(Int64(2)); writer.endArray()
        writer.field("also skipped", true)
        writer.endObject()
        writer.field("after", "recorded again")
        writer.endObject()
        let (bytes, document) = try writer.finishDocument()
        let record = try XCTUnwrap(document)
        XCTAssertEqual(Array(record.rawBytes), Array(bytes[prefix.count...]), "the root still spans every byte")
        XCTAssertEqual(record["kept"]?.string, "yes")
        XCTAssertEqual(record["inner"]?["a"]?.int, 1)
        XCTAssertNil(record["inner"]?["skipped"])
        XCTAssertEqual(record["inner"]?.count, 1)
        XCTAssertEqual(record["after"]?.string, "recorded again")
        XCTAssertEqual(String(decoding: try XCTUnwrap(record["inner"]).rawBytes, as: UTF8.self),
                       #"{"a":1,"skipped":[{},2],"also skipped":true}"#)
    }

    /// Splicing deep values and writing as deep with begin/end: the recorded tape (its open containers
    /// chained through the entries, no stack of its own) equals a scan's; skipping counts levels as deep.
    func testDeepValuesAreSplicedAndWrittenAsAScanWouldSeeThem() throws {
        let depth = 20_000
        let deep = try JSONValue.parse(Array((String(repeating: #"{"a":["#, count: depth) + "1"
                                              + String(repeating: "]}", count: depth)).utf8))
        var writer = JSONWriter(appendingTo: prefix)
        writer.recordTape()
        writer.beginObject()
        writer.field("spliced", raw: deep)
        writer.beginObject("unrecorded")
        writer.leaveRestOfContainerUnrecorded()
        writer.key("deep")
        for _ in 0..<600 { writer.beginArray() }
        for _ in 0..<600 { writer.endArray() }
        writer.endObject()
        writer.key("written")
        for _ in 0..<depth { writer.beginArray() }
        writer.string("innermost")
        for _ in 0..<depth { writer.endArray() }
        writer.endObject()
        let (_, document) = try writer.finishDocument()
        let record = try XCTUnwrap(document)
        XCTAssertEqual(record["spliced"]?["a"]?[0]?["a"]?.kind, .array)
        XCTAssertEqual(record["unrecorded"]?.count, 0, "the skipped deep value is left out, its container closed")
        var node = try XCTUnwrap(record["written"])
        for _ in 0..<depth { node = try XCTUnwrap(node[0]) }
        XCTAssertEqual(node.string, "innermost")

        writer = JSONWriter(appendingTo: prefix)
        writer.recordTape()
        writer.beginArray()
        writer.raw(deep)
        for _ in 0..<depth { writer.beginObject(); writer.key("b") }
        writer.raw(deep)
        for _ in 0..<depth { writer.endObject() }
        writer.endArray()
        let (deepBytes, deepDocument) = try writer.finishDocument()
        try assertRecordedTapeMatchesScan(deepBytes, deepDocument)
        XCTAssertEqual(deepDocument?[1]?["b"]?["b"]?.kind, .object)
    }

    /// Members copied one by one (some left out), keys and values spliced, and strings from UTF-8 bytes.
    func testMembersAndUTF8StringsAreRecordedAsAScanWouldSeeThem() throws {
        let source = try JSONValue.parse(Array(#"{"id":"a","caf\u00e9":[1,{"x":null}],"new":[{"v":1}],"n":-2.5e3,"t":"q\"s"}"#.utf8))
        var writer = JSONWriter(appendingTo: prefix, reservingCapacity: 8)
        writer.recordTape()
        writer.beginObject()
        writer.beginObject("copy")
        source.withView { view, node in
            view.forEachMember(node) { key, value in
                guard !view.isString(key, "new") else { return }
                writer.rawMember(key: key, value: value, in: view)
            }
        }
        writer.endObject()
        writer.key(literal: "parts")
        writer.beginArray()
        let text = Array("CVE-1, a\"b\n,é".utf8)
        text.withUnsafeBufferPointer { all in
            for part in all.split(separator: UInt8(ascii: ",")) { writer.string(utf8: UnsafeBufferPointer(rebasing: part)) }
        }
        writer.endArray()
        writer.endObject()
        let (bytes, document) = try writer.finishDocument()
        try assertRecordedTapeMatchesScan(bytes, document)
        XCTAssertEqual(String(decoding: bytes[prefix.count...], as: UTF8.self),
                       #"{"copy":{"id":"a","caf\u00e9":[1,{"x":null}],"n":-2.5e3,"t":"q\"s"},"parts":["CVE-1"," a\"b\n","é"]}"#)
        XCTAssertEqual(document?["copy"]?["café"]?[1]?["x"]?.kind, .null)
    }

    /// `field(_:raw:in:)`, inlined into its callers with a fast path for plain keys: every way through it
    /// (plain and escaped keys, absent values, growth from a tiny buffer, with and without a recorded tape,
    /// a document whose line breaks are dropped) writes what `key(literal:)` then `raw(_:in:)` write.
    func testViewFieldsWriteAsKeyThenRawWould() throws {
        let documents = [#"{"s":"caf\u00e9","n":-1.5e3,"a":[1,{"b":null}],"o":{},"t":true}"#,
                         "{\n\t\"s\": \"x\",\r\n \"n\": 2, \"a\": [1,\n 2], \"o\": {\"k\": [ ]}, \"t\": false}"]
        for text in documents {
            let source = try JSONValue.parse(Array(text.utf8))
            for recording in [false, true] {
                var fast = JSONWriter(appendingTo: prefix, reservingCapacity: 1)   // grows on nearly every field
                var slow = JSONWriter(appendingTo: prefix, reservingCapacity: 1)
                if recording { fast.recordTape(); slow.recordTape() }
                fast.beginObject(); slow.beginObject()
                source.withView { view, root in
                    let s = view.member(root, "s"), n = view.member(root, "n"), a = view.member(root, "a")
                    let o = view.member(root, "o"), t = view.member(root, "t"), absent = view.member(root, "absent")
                    fast.field("string", raw: s, in: view)
                    fast.field("absent", raw: absent, in: view)
                    fast.field("number", raw: n, in: view)
                    fast.field("a much longer key than eight", raw: a, in: view)
                    fast.field("say \"hi\"", raw: o, in: view)
                    fast.field("", raw: t, in: view)
                    fast.field("é", raw: n, in: view)
                    for (key, node) in [("string", s), ("number", n), ("a much longer key than eight", a),
                                        ("say \"hi\"", o), ("", t), ("é", n)] {
                        slow.key(key); slow.raw(node!, in: view)
                    }
                }
                fast.endObject(); slow.endObject()
                let (fastBytes, fastDocument) = try fast.finishDocument()
                let (slowBytes, _) = try slow.finishDocument()
                XCTAssertEqual(String(decoding: fastBytes, as: UTF8.self), String(decoding: slowBytes, as: UTF8.self))
                // Dropping line breaks leaves the tape inexact: the document is then parsed (tested above).
                if recording, !source.document.hasControlWhitespace { try assertRecordedTapeMatchesScan(fastBytes, fastDocument) }
                XCTAssertEqual(fastDocument?["say \"hi\""]?.kind, recording ? .object : nil)
            }
        }
    }

    func testWithoutRecordingThereIsNoDocument() throws {
        var writer = JSONWriter()
        writer.beginArray(); writer.endArray()
        let (bytes, document) = try writer.finishDocument()
        XCTAssertEqual(bytes, Array("[]".utf8))
        XCTAssertNil(document)
    }
}
