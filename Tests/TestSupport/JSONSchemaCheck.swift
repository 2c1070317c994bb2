import Foundation

/// Validates JSON documents against a JSON Schema with a real validator: Python `jsonschema`'s
/// Draft202012Validator (installed by .ci/setup), after `check_schema`, so a schema that is itself
/// invalid fails loudly. One process for all documents keeps suites fast.
public enum JSONSchemaCheck {
    /// The repository's etc/ folder, where the shipped schemas live.
    public static let etc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("etc")

    private static let script = """
    import json, sys
    try:
        import jsonschema
    except ImportError:
        print("MISSING python3 module jsonschema: run `bash .ci/setup` (pip install jsonschema)", file=sys.stderr)
        sys.exit(3)
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    verdicts = {}
    for path in sys.argv[2:]:
        verdicts[path] = [e.json_path + ": " + e.message for e in validator.iter_errors(json.load(open(path)))]
    print(json.dumps(verdicts))
    """

    /// The schema's error messages per file (empty: valid). Throws when python3 or jsonschema is missing,
    /// or when the schema is not valid draft 2020-12.
    public static func validate(_ files: [String], against schema: URL) throws -> [String: [String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, schema.path] + files
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let command = "python3 jsonschema (needs python3 and the jsonschema module from `bash .ci/setup`)"
        guard process.terminationStatus == 0 else {
            throw ExternalTool.Failed(command: command, result: .init(status: process.terminationStatus,
                                                                      stdout: String(decoding: stdout, as: UTF8.self), stderr: stderr))
        }
        guard let verdicts = try JSONSerialization.jsonObject(with: stdout) as? [String: [String]] else {
            throw ExternalTool.Failed(command: command, result: .init(status: 0, stdout: String(decoding: stdout, as: UTF8.self),
                                                                      stderr: "unexpected validator output"))
        }
        return verdicts
    }

    /// Writes `documents` to a temporary directory and validates them: the verdict per document, in order.
    public static func validate(documents: [[UInt8]], against schema: URL) throws -> [[String]] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try documents.enumerated().map { index, document in
            let path = directory.appendingPathComponent("\(index).json").path
            try Data(document).write(to: URL(fileURLWithPath: path))
            return path
        }
        let verdicts = try validate(files, against: schema)
        return files.map { verdicts[$0] ?? ["no verdict"] }
    }
}
