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

    func testNestingLimit() throws {
        let deepButAllowed = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        XCTAssertNoThrow(try JSONValue.parse(bytes(deepButAllowed)))
        let tooDeep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        XCTAssertThrowsError(try JSONValue.parse(bytes(tooDeep))) { error in
            XCTAssertTrue(String(describing: error).contains("nesting deeper than 512"))
        }
    }
}
