import JSONBytes
import XCTest

/// The scanner accepts exactly RFC 8259 documents (plus well-formed UTF-8 and paired surrogates).
final class JSONValidationTests: XCTestCase {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    func testAcceptsValidDocuments() throws {
        let valid = [
            "{}", "[]", " \t\r\n{ } ", "0", "-0", "1.5", "-12.25e+3", "1E-7", "1e5", "true", "false", "null",
            #""""#, #""abc""#, #""\"\\\/\b\f\n\r\t""#, #""\u00e9\u4E2D""#, #""\ud83d\ude00""#,
            #"{"a":[1,2,{"b":null}],"c":"d"}"#, #"[[[[]]]]"#, "\"日本語 😀\"", #"{"":""}"#,
            "[1 , 2\n,3]", "123456789012345678901234567890",
        ]
        for text in valid {
            XCTAssertNoThrow(try JSONValue.parse(bytes(text)), "should accept: \(text)")
        }
    }

    func testRejectsInvalidDocuments() {
        let invalid: [(String, String)] = [
            ("", "end of input"), ("   ", "end of input"), ("{", "inside an object"), ("[1,", "expected a value"),
            ("[1,]", "expected a value"), (#"{"a":1,}"#, "string key"), (#"{"a" 1}"#, "':'"), ("{a:1}", "string key"),
            ("[1 2]", "','"), ("01", "leading zeros"), ("-01", "leading zeros"), ("1.", "decimal point"),
            (".5", "expected a value"), ("1e", "exponent"), ("1e+", "exponent"), ("-", "digit"), ("+1", "expected a value"),
            ("tru", "truncated literal"), ("nul", "truncated literal"), ("trUe", "invalid literal"),
            (#""abc"#, "unterminated string"), ("\"a\tb\"", "control character U+0009"),
            ("\"a\nb\"", "control character U+000A"), (#""\x""#, "invalid escape"), (#""\u12""#, "truncated \\u escape"),
            (#""\u12G4""#, "hex digit"), (#""\ud83d""#, "lone high surrogate"), (#""\ud83dx""#, "lone high surrogate"),
            (#""\ud83d\u0041""#, "lone high surrogate"), (#""\ude00""#, "lone low surrogate"),
            ("{} x", "after the end"), ("[] []", "after the end"), ("{}}", "after the end"), ("[1}", "','"),
            ("NaN", "expected a value"), ("'a'", "expected a value"),
        ]
        for (text, expected) in invalid {
            XCTAssertThrowsError(try JSONValue.parse(bytes(text)), "should reject: \(text)") { error in
                let description = String(describing: error)
                XCTAssertTrue(description.contains(expected), "\(text): \(description) should mention \(expected)")
            }
        }
    }

    func testRejectsInvalidUTF8() {
        let cases: [[UInt8]] = [
            [0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22],          // invalid lead, overlong
            [0x22, 0xE0, 0x80, 0xAF, 0x22],                         // overlong 3-byte
            [0x22, 0xED, 0xA0, 0x80, 0x22],                         // encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],                   // above U+10FFFF
            [0x22, 0xE6, 0x97, 0x22],                               // truncated
            [0x22, 0x80, 0x22],                                     // lone continuation
        ]
        for input in cases {
            XCTAssertThrowsError(try JSONValue.parse(input), "should reject \(input)") { error in
                XCTAssertTrue(String(describing: error).contains("UTF-8"), "\(error)")
            }
        }
    }

    func testErrorReportsOffset() {
        XCTAssertThrowsError(try JSONValue.parse(bytes(#"{"a": tru}"#))) { error in
            XCTAssertEqual((error as? JSONError)?.offset, 6)
        }
    }

    /// 513 levels were once rejected (at byte 512); valid JSON is now read at any depth.
    func testNestingHasNoLimit() throws {
        for depth in [500, 512, 513, 100_000] {
            let deep = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            XCTAssertEqual(try JSONValue.parse(bytes(deep)).rawBytes.count, 2 * depth)
            let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
            XCTAssertEqual(try JSONValue.parse(bytes(objects)).count, 1)
        }
    }

    // The scanner reads strings 16 bytes and digits 8 bytes per step, with a byte loop for the last few
    // bytes of the buffer: each special byte is tried at every offset of a step, near the end and not.

    func testSpecialByteAtEveryOffsetInAString() throws {
        for prefix in 0...40 {
            let plain = String(repeating: "a", count: prefix)
            for padding in ["", String(repeating: " ", count: 20)] {   // tail loop vs word steps
                for (special, isValid) in [("\\n", true), ("é", true), ("\\u00e9", true), ("\u{01}", false), ("\u{7F}", true)] {
                    let text = #"{"k":""# + plain + special + #"b","\#(plain)":1}"# + padding
                    if isValid {
                        let value = try JSONValue.parse(bytes(text))
                        XCTAssertEqual(value["k"]?.string, plain + (special == "\\n" ? "\n" : special == "\\u00e9" ? "é" : special) + "b")
                        XCTAssertEqual(value[plain]?.int, 1, text)
                    } else {
                        XCTAssertThrowsError(try JSONValue.parse(bytes(text)), text) { error in
                            XCTAssertEqual((error as? JSONError)?.offset, 6 + prefix, text)
                        }
                    }
                }
                let closed = try JSONValue.parse(bytes(#"[""# + plain + #"",true]"# + padding))
                XCTAssertEqual(closed[0]?.rawBytes.count, prefix + 2)
                XCTAssertEqual(closed[1]?.bool, true)
            }
        }
    }

    func testInvalidUTF8AtEveryOffsetReportsTheLeadByte() {
        for prefix in 0...40 {
            for padding in [[UInt8](), [UInt8](repeating: 0x20, count: 20)] {
                let input = [0x5B, 0x22] + [UInt8](repeating: 0x61, count: prefix) + [0xED, 0xA0, 0x80, 0x22, 0x5D] + padding
                XCTAssertThrowsError(try JSONValue.parse(input)) { error in
                    XCTAssertEqual((error as? JSONError)?.offset, 2 + prefix)
                    XCTAssertTrue(String(describing: error).contains("UTF-8"), "\(error)")
                }
            }
        }
    }

    func testUnterminatedStringReportsItsOpeningQuote() {
        for length in 0...40 {
            let text = #"{"key":"# + "\"" + String(repeating: "x", count: length)
            XCTAssertThrowsError(try JSONValue.parse(bytes(text))) { error in
                XCTAssertEqual((error as? JSONError)?.offset, 7)
                XCTAssertTrue(String(describing: error).contains("unterminated string"), "\(error)")
            }
        }
    }

    func testNumbersOfEveryLength() throws {
        for length in 1...30 {
            let digits = "9" + String(repeating: "0", count: length - 1)
            for number in [digits, "-" + digits, digits + ".5", "0." + digits, digits + "e-" + digits, "-0.0" + digits + "E+7"] {
                for padding in ["", String(repeating: " ", count: 12)] {
                    XCTAssertEqual(Array(try JSONValue.parse(bytes(number + padding)).rawBytes), bytes(number))
                    let array = try JSONValue.parse(bytes("[" + number + "," + number + "]" + padding))
                    XCTAssertEqual(array.count, 2)
                    XCTAssertEqual(array[1].map { Array($0.rawBytes) }, bytes(number))
                }
                XCTAssertThrowsError(try JSONValue.parse(bytes("[" + number + "x]")), number) { error in
                    XCTAssertEqual((error as? JSONError)?.offset, number.utf8.count + 1)
                }
            }
        }
    }

    func testWhitespaceBetweenEveryToken() throws {
        let compact = #"{"a":[1,"x",{"b":null},[]],"c":{},"d":true}"#
        for space in [" ", "\t", "\r\n", " \n\t "] {
            var spaced = ""
            var inString = false
            for character in compact {
                if character == "\"" { inString.toggle() }
                let isStructural = !inString && "{}[],:".contains(character)
                spaced += isStructural ? space + String(character) + space : String(character)
            }
            let value = try JSONValue.parse(bytes(spaced))
            XCTAssertEqual(value.count, 3)
            XCTAssertEqual(value["a"]?.count, 4)
            XCTAssertEqual(value["a"]?[1]?.string, "x")
            XCTAssertEqual(value["a"]?[2]?["b"]?.isNull, true)
            XCTAssertEqual(value["d"]?.bool, true)
        }
        // Form feed and vertical tab are not JSON whitespace.
        for bad in ["[1,\u{0C}2]", "[\u{0B}1]", "{\u{0C}\"a\":1}", "{\"a\"\u{0B}:1}", "[1\u{0C}]"] {
            XCTAssertThrowsError(try JSONValue.parse(bytes(bad)), bad.debugDescription)
        }
    }

    func testErrorOffsetsPointAtTheProblem() {
        let cases: [(String, Int)] = [
            (#"{"a":1,}"#, 7), (#"{"a":1 , }"#, 9), ("[1 2]", 3), (#"{"a" 1}"#, 5), (#"["\u12G4"]"#, 2),
            (#"["ab\q"]"#, 4), ("[01]", 2), ("[1.]", 3), ("[1e]", 3), ("[-]", 2), ("{\n", 2), ("[ ", 2),
            (#"{"a":"#, 5), ("[1,", 3), ("[] x", 3), (#"["\ud83d\u0041"]"#, 2), ("[nul]", 1),
        ]
        for (text, offset) in cases {
            XCTAssertThrowsError(try JSONValue.parse(bytes(text)), text) { error in
                XCTAssertEqual((error as? JSONError)?.offset, offset, "\(text): \(error)")
            }
        }
    }

    func testLargestTapeFitsItsBound() throws {
        // "[[],[],…]" and "[1,1,…]" write the most entries per byte the grammar allows.
        let empties = "[" + Array(repeating: "[]", count: 5000).joined(separator: ",") + "]"
        XCTAssertEqual(try JSONValue.parse(bytes(empties)).count, 5000)
        let ones = "[" + Array(repeating: "1", count: 5000).joined(separator: ",") + "]"
        XCTAssertEqual(try JSONValue.parse(bytes(ones)).elements.last?.int, 1)
    }
}
