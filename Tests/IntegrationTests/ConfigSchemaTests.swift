import Foundation
import TestSupport
import XCTest

/// etc/findings-collector.schema.json against the real `check-config`: the shipped examples pass both, every bad
/// config in `ConfigSchemaCases.bad` fails both (the binary at the expected key path), the good variants pass both.
/// The schema is checked by a real validator: Python `jsonschema`'s Draft202012Validator (installed by .ci/setup).
final class ConfigSchemaTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func testTheSchemaIsValidDraft202012AndEveryExampleInEtcPassesBothValidators() throws {
        let examples = try FileManager.default.contentsOfDirectory(atPath: SchemaValidator.etc.path)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") }.sorted()
            .map { SchemaValidator.etc.appendingPathComponent($0).path }
        XCTAssertTrue(examples.contains { $0.hasSuffix("/findings-collector.json") }, "the shipped example is missing")
        let verdicts = try SchemaValidator.validate(examples)
        for example in examples {
            XCTAssertEqual(verdicts[example], [], "\(example) does not match the schema")
            let check = try CollectorProcess.run(["check-config", "--config", example])
            XCTAssertEqual(check.status, 0, "check-config rejects \(example): \(check.stderr)")
        }
    }

    func testEveryBadConfigIsRejectedByCheckConfigAndByTheSchema() throws {
        let cases = ConfigSchemaCases.bad(readableFile: SchemaValidator.schema.path)
        XCTAssertGreaterThanOrEqual(cases.count, 12)
        let files = try write(cases.map { ($0.name, $0.json) })
        let verdicts = try SchemaValidator.validate(files)
        for (badCase, file) in zip(cases, files) {
            let check = try CollectorProcess.run(["check-config", "--config", file])
            XCTAssertEqual(check.status, 2, "check-config accepts \(badCase.name): \(check.stdout)")
            XCTAssertTrue(check.stderr.contains(badCase.keyPath),
                          "\(badCase.name): check-config should name \(badCase.keyPath), said: \(check.stderr)")
            let schemaErrors = try XCTUnwrap(verdicts[file], "no verdict for \(badCase.name)")
            XCTAssertFalse(schemaErrors.isEmpty, "the schema accepts \(badCase.name)")
        }
    }

    func testGoodVariantsPassBothValidators() throws {
        let cases = ConfigSchemaCases.good(readableFile: SchemaValidator.schema.path)
        let files = try write(cases.map { ($0.name, $0.json) })
        let verdicts = try SchemaValidator.validate(files)
        for (goodCase, file) in zip(cases, files) {
            let check = try CollectorProcess.run(["check-config", "--config", file])
            XCTAssertEqual(check.status, 0, "check-config rejects \(goodCase.name): \(check.stderr)")
            XCTAssertEqual(verdicts[file], [], "the schema rejects \(goodCase.name)")
        }
    }

    private func write(_ configs: [(name: String, json: String)]) throws -> [String] {
        try configs.enumerated().map { index, config in
            let path = directory.appendingPathComponent("\(index)-\(config.name.replacingOccurrences(of: " ", with: "-")).json").path
            try config.json.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }
}

/// The config schema, checked with Python `jsonschema` (Draft 2020-12): see `JSONSchemaCheck`.
enum SchemaValidator {
    static let etc = JSONSchemaCheck.etc
    static let schema = etc.appendingPathComponent("findings-collector.schema.json")

    /// The schema's error messages per file (empty: valid).
    static func validate(_ files: [String]) throws -> [String: [String]] {
        try JSONSchemaCheck.validate(files, against: schema)
    }
}
