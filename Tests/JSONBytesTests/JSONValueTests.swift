import JSONBytes
import XCTest

/// Navigation and decoding of parsed values.
final class JSONValueTests: XCTestCase {
    private let sample = #"""
    { "name" : "Ünïcødé \"q\" \u65E5\ud83d\ude00", "n": 42, "neg": -7, "f": 1717171717.125, "e": 2.5e3,
      "big": 12345678901234567890, "t": true, "no": false, "z": null, "arr": [1, "two", {"three": 3}, []],
      "nested": {"k\u0065y": "escaped key", "dup": 1, "dup": 2}, "empty": {} }
    """#

    func testMemberLookupAndKinds() throws {
        let root = try JSONValue.parse(Array(sample.utf8))
        XCTAssertEqual(root.kind, .object)
        XCTAssertEqual(root["name"]?.string, "Ünïcødé \"q\" 日😀")
        XCTAssertEqual(root["n"]?.int, 42)
        XCTAssertEqual(root["neg"]?.int, -7)
        XCTAssertEqual(root["f"]?.double, 1717171717.125)
        XCTAssertNil(root["f"]?.int)
        XCTAssertEqual(root["e"]?.int, 2500)
        XCTAssertEqual(root["e"]?.double, 2500)
        XCTAssertNil(root["big"]?.int, "beyond Int64")
        XCTAssertEqual(root["big"]?.double, Double("12345678901234567890"))
        XCTAssertEqual(root["t"]?.bool, true)
        XCTAssertEqual(root["no"]?.bool, false)
        XCTAssertEqual(root["z"]?.isNull, true)
        XCTAssertNil(root["missing"])
        XCTAssertNil(root["n"]?["x"], "member of a non-object")
        XCTAssertNil(root["n"]?.string)
        XCTAssertNil(root["name"]?.double)
        XCTAssertEqual(root["nested"]?["key"]?.string, "escaped key", "escaped keys match their decoded form")
        XCTAssertEqual(root["nested"]?["dup"]?.int, 1, "first duplicate wins")
        XCTAssertEqual(root["empty"]?.members.count, 0)
        XCTAssertEqual(root.members.map(\.key),
                       ["name", "n", "neg", "f", "e", "big", "t", "no", "z", "arr", "nested", "empty"])
        XCTAssertEqual(root.count, 12)
    }

    func testArrays() throws {
        let root = try JSONValue.parse(Array(sample.utf8))
        let array = try XCTUnwrap(root["arr"])
        XCTAssertEqual(array.count, 4)
        XCTAssertEqual(array.elements.map(\.kind), [.number, .string, .object, .array])
        XCTAssertEqual(array[1]?.string, "two")
        XCTAssertEqual(array[2]?["three"]?.int, 3, "skips subtrees correctly")
        XCTAssertEqual(array[3]?.elements.count, 0)
        XCTAssertNil(array[4])
        XCTAssertNil(array[-1])
        XCTAssertEqual(root.elements.count, 0, "an object has no elements")
    }

    func testRawBytesAreExact() throws {
        let root = try JSONValue.parse(Array(sample.utf8))
        XCTAssertEqual(String(decoding: try XCTUnwrap(root["name"]).rawBytes, as: UTF8.self),
                       #""Ünïcødé \"q\" \u65E5\ud83d\ude00""#)
        XCTAssertEqual(String(decoding: try XCTUnwrap(root["arr"]).rawBytes, as: UTF8.self),
                       #"[1, "two", {"three": 3}, []]"#)
        XCTAssertEqual(String(decoding: try XCTUnwrap(root["e"]).rawBytes, as: UTF8.self), "2.5e3")
        XCTAssertEqual(Array(root.rawBytes), Array(sample.utf8))
        let padded = try JSONValue.parse(Array(" \n [ 1 ,2 ]\t ".utf8))
        XCTAssertEqual(String(decoding: padded.rawBytes, as: UTF8.self), "[ 1 ,2 ]", "surrounding whitespace excluded")
    }

    func testDoubleParsingIsCorrectlyRounded() throws {
        let cases = ["0.1", "1717171717.123456", "9.8", "1e-300", "2.2250738585072014e-308", "123456789012345678",
                     "0.30000000000000004", "-0.0", "1e22", "1e23", "4.9e-324", "179769313486231570e291"]
        for text in cases {
            let value = try JSONValue.parse(Array(text.utf8))
            XCTAssertEqual(value.double, Double(text), text)
        }
    }

    func testIntegerBounds() throws {
        XCTAssertEqual(try JSONValue.parse(Array("9223372036854775807".utf8)).int, .max)
        XCTAssertEqual(try JSONValue.parse(Array("-9223372036854775808".utf8)).int, .min)
        XCTAssertNil(try JSONValue.parse(Array("9223372036854775808".utf8)).int)
        XCTAssertEqual(try JSONValue.parse(Array("3.0".utf8)).int, 3)
    }
}
