import JSONBytes
import XCTest

/// Valid JSON of any depth is read like any other (an Inspector page holding one absurdly nested finding
/// must not be rejected whole), and nothing that walks it recurses: depths far past what a thread's stack
/// could take in recursive calls scan, navigate and splice.
final class JSONDeepNestingTests: XCTestCase {
    /// Objects and arrays alternating, `depth` of them: `{"k":[{"k":[…0…,2],"z":1},2],"z":1}`. Closing
    /// needs to know, at every level, which kind it is back in, so a stack that loses a level fails here.
    private func alternating(depth: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for level in 0..<depth { bytes += Array((level % 2 == 0 ? #"{"k":"# : "[").utf8) }
        bytes.append(UInt8(ascii: "0"))
        for level in (0..<depth).reversed() { bytes += Array((level % 2 == 0 ? #","z":1}"# : ",2]").utf8) }
        return bytes
    }

    /// Depths on both sides of the inline stack's capacity and of the heap stack's doublings.
    func testEveryDepthAroundTheStacksGrowthScansAndNavigates() throws {
        for depth in [1, 2, 31, 32, 33, 63, 64, 65, 128, 129, 600, 100_000] {
            let bytes = alternating(depth: depth)
            let root = try JSONValue.parse(bytes)
            XCTAssertEqual(Array(root.rawBytes), bytes)
            root.withView { view, root in
                var node = root
                for level in 0..<depth {
                    if level % 2 == 0 {
                        XCTAssertEqual(view.double(view.member(node, "z")), 1, "depth \(depth), level \(level)")
                        node = view.member(node, "k")!
                    } else {
                        XCTAssertEqual(view.count(node), 2, "depth \(depth), level \(level)")
                        node = view.element(node, at: 0)!
                    }
                }
                XCTAssertEqual(view.double(node), 0, "the innermost value, depth \(depth)")
            }
        }
    }

    /// 10 MB of brackets: five million levels, memory bounded by the input (no recursion, no fixed limit).
    func testTenMegabytesOfBracketsScan() throws {
        let depth = 5_000_000
        var bytes = [UInt8](repeating: UInt8(ascii: "["), count: depth)
        bytes += [UInt8](repeating: UInt8(ascii: "]"), count: depth)
        let root = try JSONValue.parse(bytes)
        XCTAssertEqual(root.count, 1)
        XCTAssertEqual(root.rawBytes.count, 2 * depth)
        XCTAssertEqual(root[0]?[0]?.rawBytes.count, 2 * depth - 4)

        bytes.removeLast()   // one bracket short: the error a shallow document cut short gets
        XCTAssertThrowsError(try JSONValue.parse(bytes)) { error in
            XCTAssertEqual(error as? JSONError, JSONError(offset: bytes.count, reason: "unexpected end of input inside an array"))
        }
    }

    func testErrorsDeepInsideAreReportedWhereTheyAre() {
        let depth = 100_000
        let open = String(repeating: #"{"a":["#, count: depth)
        let cases: [(String, Int, String)] = [
            (open + "x", 6 * depth, "expected a value (object, array, string, number, true, false or null)"),
            (open + "1}", 6 * depth + 1, "expected ',' or ']' after an array element"),
            (open + "1]]", 6 * depth + 2, "expected ',' or '}' after an object member"),
            (String(repeating: "[", count: depth) + String(repeating: "]", count: depth + 1), 2 * depth,
             "unexpected data after the end of the document"),
        ]
        for (text, offset, reason) in cases {
            XCTAssertThrowsError(try JSONValue.parse(Array(text.utf8)), reason) { error in
                XCTAssertEqual(error as? JSONError, JSONError(offset: offset, reason: reason))
            }
        }
    }

    /// A deep member does not disturb its neighbours: key sets, members, elements and strings around it.
    func testADeepMemberLeavesItsNeighboursReadable() throws {
        let deep = String(decoding: alternating(depth: 600), as: UTF8.self)
        let text = #"{"before":"b","deep":"# + deep + #","list":[1,"#  + deep + #",3],"after":"a"}"#
        let root = try JSONValue.parse(Array(text.utf8))
        XCTAssertEqual(root.members.map(\.key), ["before", "deep", "list", "after"])
        XCTAssertEqual(root["after"]?.string, "a")
        XCTAssertEqual(root["list"]?.elements.map(\.kind), [.number, .object, .number])
        XCTAssertEqual(root["list"]?[2]?.int, 3)
        XCTAssertEqual(String(decoding: root["deep"]!.rawBytes, as: UTF8.self), deep)
        let keys = JSONKeySet(["after", "deep", "before"])
        root.withView { view, node in
            let slots = view.members(of: node, keys)
            XCTAssertEqual(view.string(slots[0]), "a")
            XCTAssertEqual(slots[1].map { view.rawBytes($0).count }, deep.utf8.count)
            XCTAssertEqual(view.string(slots[2]), "b")
        }
    }
}
