import JSONBytes
import XCTest

/// The writer's output is compact, correctly escaped JSON that the scanner reads back identically.
final class JSONWriterTests: XCTestCase {
    private func text(_ writer: borrowing JSONWriter) -> String { String(decoding: writer.bytes, as: UTF8.self) }

    func testCommasAndStructure() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("a"); writer.number(Int64(1))
        writer.key("b"); writer.beginArray(); writer.bool(true); writer.null(); writer.beginObject(); writer.endObject()
        writer.beginArray(); writer.endArray(); writer.endArray()
        writer.field("absent", nil as String?)
        writer.field("c", "x")
        writer.field("d", Int64(-42))
        writer.field("e", 7.5)
        writer.field("f", false)
        writer.endObject()
        XCTAssertEqual(text(writer), #"{"a":1,"b":[true,null,{},[]],"c":"x","d":-42,"e":7.5,"f":false}"#)
    }

    func testGrowingFromTinyRoomKeepsThePrefixAndEveryPieceInOrder() {
        let prefix = Array("<134>1 header ".utf8)
        var writer = JSONWriter(appendingTo: prefix, reservingCapacity: 1)
        var expected = "{"
        writer.beginObject()
        for index in 0..<2_000 {
            let value = String(repeating: "v", count: index % 97)
            writer.key("key\(index)")
            writer.string(value)
            expected += (index == 0 ? "" : ",") + "\"key\(index)\":\"\(value)\""
        }
        writer.endObject()
        expected += "}"
        XCTAssertEqual(writer.finish(), prefix + Array(expected.utf8), "room grown ~12 times from 1 byte")
    }

    func testStringEscaping() {
        var writer = JSONWriter()
        writer.string("q\" b\\ /\u{8}\u{C}\n\r\t\u{1}\u{1F} é日😀\u{7F}")
        XCTAssertEqual(text(writer), #""q\" b\\ /\b\f\n\r\t\u0001\u001f é日😀"# + "\u{7F}\"")
    }

    func testNumbers() {
        var writer = JSONWriter()
        writer.beginArray()
        for value: Int64 in [0, -1, .max, .min] { writer.number(value) }
        for value: Double in [0, 3, -2.5, 1717171717.125, 1e300, 0.1, .nan, .infinity] { writer.number(value) }
        writer.endArray()
        XCTAssertEqual(text(writer), "[0,-1,9223372036854775807,-9223372036854775808,0,3,-2.5,1717171717.125,1e+300,0.1,null,null]")
    }

    func testIntegersOfEveryLengthAreWrittenAsSwiftPrintsThem() {
        var values: [Int64] = [0, 9, 10, 99, 100, 101, -10, -99, -100, .max, .min, .max - 1, .min + 1]
        var power: Int64 = 1
        for _ in 0..<18 { power *= 10; values += [power - 1, power, power + 1, -power] }
        var generator = SystemRandomNumberGenerator()
        values += (0..<2_000).map { _ in Int64.random(in: .min ... .max, using: &generator) >> Int64.random(in: 0...62, using: &generator) }
        for value in values {
            var writer = JSONWriter()
            writer.number(value)
            XCTAssertEqual(text(writer), String(value))
        }
    }

    func testLiteralKeysOfEveryLengthAreCopiedAndChecked() {
        let keys: [StaticString] = ["", "a", "ab", "abc", "abcd", "abcde", "abcdefg", "abcdefgh", "abcdefghi",
                                    "abcdefghijklmno", "abcdefghijklmnop", "abcdefghijklmnopq", "a\"b", "tab\there x",
                                    "sixteen bytes ok", "seventeen \\ byte"]
        for key in keys {
            var writer = JSONWriter()
            writer.beginObject()
            writer.key(literal: key)
            writer.null()
            writer.endObject()
            var expected = JSONWriter()
            expected.beginObject()
            expected.key("\(key)")
            expected.null()
            expected.endObject()
            XCTAssertEqual(text(writer), text(expected), "\(key)")
        }
    }

    func testRawSplicesVerbatim() throws {
        let source = try JSONValue.parse(Array(#"{"x": [1, "\u00e9" ,2.50]}"#.utf8))
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("copy")
        writer.raw(try XCTUnwrap(source["x"]))
        writer.field("s", raw: source["x"]?[1])
        writer.endObject()
        XCTAssertEqual(text(writer), #"{"copy":[1, "\u00e9" ,2.50],"s":"\u00e9"}"#)
    }

    func testRoundTripThroughTheScanner() throws {
        let strings = ["", "plain", "quote\"", "back\\slash", "ctl\u{0}\u{1B}", "multi\nline", "日本語の説明 🚀🔥", "\u{10FFFF}"]
        var writer = JSONWriter()
        writer.beginObject()
        for (index, value) in strings.enumerated() {
            writer.key("k\(index) \"\(value)\"")
            writer.string(value)
        }
        writer.key("n"); writer.number(1717171717.5)
        writer.endObject()
        let parsed = try JSONValue.parse(writer.bytes)
        for (index, value) in strings.enumerated() {
            XCTAssertEqual(parsed["k\(index) \"\(value)\""]?.string, value)
        }
        XCTAssertEqual(parsed["n"]?.double, 1717171717.5)
        let foundation = try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any]
        XCTAssertEqual(foundation?["k6 \"日本語の説明 🚀🔥\""] as? String, "日本語の説明 🚀🔥")
    }
}

extension JSONWriterTests {
    func testRawDropsLineBreaksBetweenTokensSoOutputStaysOneLine() throws {
        let pretty = try JSONValue.parse(Array("{\n\t\"a\" : [1,\r\n 2],\n  \"s\": \"x\\ny\"\n}\n".utf8))
        var writer = JSONWriter()
        writer.raw(pretty)
        XCTAssertEqual(text(writer), #"{"a" : [1, 2],  "s": "x\ny"}"#)
        XCTAssertEqual(try JSONValue.parse(writer.bytes)["s"]?.string, "x\ny")
    }
}
