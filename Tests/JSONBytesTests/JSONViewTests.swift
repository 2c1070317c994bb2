import JSONBytes
import XCTest

/// The reference-count-free view the mapper reads findings through, the key sets it looks members up
/// with, and the scanner's fixed tape capacity at its worst cases.
final class JSONViewTests: XCTestCase {
    private let sample = #"""
    {"id": "i-1", "tags": {"Name": "web", "Env": "prod"}, "k\u0065y": "escaped key", "dup": 1, "dup": 2,
     "list": ["CVE-1", 7, "CVE-1", null], "n": 2.5, "t": "\u0041BC", "empty": {}}
    """#

    func testViewNavigatesLikeJSONValue() throws {
        let root = try JSONValue.parse(Array(sample.utf8))
        root.withView { view, node in
            XCTAssertEqual(view.kind(node), .object)
            XCTAssertEqual(view.string(view.member(node, "id")), "i-1")
            XCTAssertEqual(view.string(view.member(view.member(node, "tags"), "Name")), "web")
            XCTAssertNil(view.member(view.member(node, "missing"), "Name"), "nil chains to nil")
            XCTAssertNil(view.member(view.member(node, "id"), "x"), "member of a non-object")
            XCTAssertEqual(view.string(view.member(node, "key")), "escaped key", "escaped keys match decoded")
            XCTAssertEqual(view.double(view.member(node, "dup")), 1, "first duplicate wins")
            XCTAssertEqual(view.double(view.member(node, "n")), 2.5)
            XCTAssertNil(view.member(node, "n", ofKind: .string))
            XCTAssertTrue(view.isString(view.member(node, "t"), "ABC"), "compares the unescaped value")
            XCTAssertFalse(view.isString(view.member(node, "id"), "i-2"))
            let list = view.member(node, "list")
            XCTAssertEqual(list.map { view.count($0) }, 4)
            XCTAssertEqual(view.element(list, at: 1).map { view.kind($0) }, .number)
            XCTAssertNil(view.element(list, at: 4))
            var kinds: [JSONKind] = []
            view.forEachElement(list) { kinds.append(view.kind($0)) }
            XCTAssertEqual(kinds, [.string, .number, .string, .null])
            let first = try! XCTUnwrap(view.element(list, at: 0)), third = try! XCTUnwrap(view.element(list, at: 2))
            XCTAssertTrue(view.hasSameRawBytes(first, third))
            XCTAssertEqual(String(decoding: view.rawBytes(try! XCTUnwrap(view.member(node, "t"))), as: UTF8.self),
                           #""\u0041BC""#, "raw bytes keep the escapes")
            XCTAssertEqual(root.value(at: try! XCTUnwrap(view.member(node, "tags")))["Env"]?.string, "prod")
        }
    }

    func testKeySetFindsEveryKeyInOnePass() throws {
        let keys = JSONKeySet(["dup", "missing", "key", "tags", "id", ""])
        let root = try JSONValue.parse(Array(#"{"": 0, "id": 1, "dup": 2, "dup": 3, "k\u0065y": 4, "tags": 5}"#.utf8))
        root.withView { view, node in
            let slots = view.members(of: node, keys)
            XCTAssertEqual(view.double(slots[0]), 2, "first duplicate wins")
            XCTAssertNil(slots[1])
            XCTAssertEqual(view.double(slots[2]), 4, "an escaped key matches its decoded form")
            XCTAssertEqual(view.double(slots[3]), 5)
            XCTAssertEqual(view.double(slots[4]), 1)
            XCTAssertEqual(view.double(slots[5]), 0, "the empty key is a key like any other")
            let none = view.members(of: view.member(node, "id"), keys)
            XCTAssertTrue((0..<keys.count).allSatisfy { none[$0] == nil }, "not an object: nothing found")
        }
    }

    /// Keys are matched by length, then compared a word at a time: keys that share a head, a tail or both (over 16
    /// bytes), short keys at the very start of a document, and keys of every length up to 30 must all be
    /// found exactly at the first member with that key (and so must a member-by-member lookup).
    func testKeySetAgreesWithMemberLookupForKeysOfEveryLengthAndPlace() throws {
        let wanted: [StaticString] = ["a", "ab", "abc", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmnop",
                                      "abcdefghXXXXXXXXijkl", "abcdefghYYYYYYYYijkl", "abcdefghijklmnopqrstuvwxyz1234",
                                      "", "zbcdefgh", "abcdefgz", "b"]
        let keys = JSONKeySet(wanted)
        let pool = wanted.map { String(decoding: UnsafeBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount), as: UTF8.self) }
            + ["abcdefghZZZZZZZZijkl", "abcdefghijklmnoq", "ba", "abcdefg_", "x", "abcdefghijklmnopqrstuvwxyz1235"]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            let members = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pool.randomElement(using: &generator)! }
            let body = members.enumerated().map { "\"\($1)\":\($0)" }.joined(separator: ",")
            let text = round % 2 == 0 ? "{\(body)}" : "[0,{\"pad\":{\(body)}}]"
            let root = try JSONValue.parse(Array(text.utf8))
            root.withView { view, top in
                let object = round % 2 == 0 ? top : view.member(view.element(top, at: 1), "pad")
                let slots = view.members(of: object, keys)
                for (slot, key) in pool.prefix(wanted.count).enumerated() {
                    // Each member's value is its position: the first member with this key, by String equality.
                    XCTAssertEqual(view.double(slots[slot]), members.firstIndex(of: key).map(Double.init), "\(key) in \(text)")
                    XCTAssertEqual(view.double(view.member(object, wanted[slot])), members.firstIndex(of: key).map(Double.init))
                }
            }
        }
    }

    /// The tape is sized before scanning from the input length alone; these are the densest documents,
    /// valid and cut short, that the bound must hold for (a violation stops the process, so passing means held).
    func testTapeCapacityHoldsForTheDensestDocuments() throws {
        let ones = "[" + Array(repeating: "1", count: 50_000).joined(separator: ",") + "]"
        XCTAssertEqual(try JSONValue.parse(Array(ones.utf8)).count, 50_000)
        let empties = "[" + Array(repeating: "[]", count: 30_000).joined(separator: ",") + "]"
        XCTAssertEqual(try JSONValue.parse(Array(empties.utf8)).count, 30_000)
        let pairs = "{" + (0..<20_000).map { _ in #""":0"# }.joined(separator: ",") + "}"
        XCTAssertEqual(try JSONValue.parse(Array(pairs.utf8)).kind, .object)
        let nested = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        XCTAssertEqual(try JSONValue.parse(Array(nested.utf8)).count, 1)
        XCTAssertEqual(try JSONValue.parse(Array("[[1],[1],{\"\":1}]".utf8)).count, 3, "one-digit values: n = 2 entries - 1")
        XCTAssertEqual(try JSONValue.parse(Array("7".utf8)).int, 7)
        // Cut short, these need more entries than the tape keeps (one per byte for `[[[[`): the surplus is
        // counted, not kept, and the error is the one the cut deserves.
        let insideArray = "unexpected end of input inside an array"
        for (cut, reason) in [("[", insideArray), ("[[", insideArray), (String(repeating: "[", count: 511), insideArray),
                              (String(repeating: "[1,", count: 400), "unexpected end of input, expected a value"),
                              ("{\"a\":[{\"b\":[", insideArray), (String(repeating: "[", count: 600), insideArray),
                              (String(repeating: "{\"\":[", count: 300), insideArray)] {
            XCTAssertThrowsError(try JSONValue.parse(Array(cut.utf8)), "\(cut.prefix(12))… is incomplete") { error in
                XCTAssertEqual(error as? JSONError, JSONError(offset: cut.utf8.count, reason: reason))
            }
        }
        XCTAssertThrowsError(try JSONValue.parse([]))
    }
}
