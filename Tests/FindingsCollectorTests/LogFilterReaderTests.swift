@testable import FindingsCollector
import JSONBytes
import XCTest

/// `log_filters` config: what is accepted, and every kind of invalid rule reported at its key path.
final class LogFilterReaderTests: XCTestCase {
    /// Reads `{"log_filters": <json>}` as if it were `connectors[0]`; returns the filter and the problems.
    private func read(_ json: String) throws -> (LogFilter?, [String]) {
        let value = try JSONValue.parse(Array("{\"log_filters\": \(json)}".utf8))
        let problems = ProblemCollector()
        let reader = ConfigReader(path: "connectors[0]", value: value, problems: problems)
        let filter = LogFilterReader.read(reader, fields: [InspectorRecordFields.record])
        return (filter, problems.problems.map(\.description))
    }

    /// The problems of one rule given as JSON (inside a rules list).
    private func problems(ofRule rule: String) throws -> [String] {
        try read("{\"rules\": [\(rule)]}").1
    }

    func testTheDocumentedExampleIsAccepted() throws {
        let (filter, problems) = try read("""
        {"default": "keep", "rules": [
          {"field": "normalized.severity", "op": "in", "value": ["Low", "None"], "action": "drop"},
          {"field": "finding.packageVulnerabilityDetails.vulnerablePackages[].name", "op": "prefix", "value": "kernel", "action": "keep"},
          {"field": "normalized.score", "op": "lt", "value": 4.0, "action": "drop"},
          {"field": "normalized.cves", "op": "missing", "action": "drop"},
          {"field": "finding.resources[].type", "op": "eq", "value": "AWS_LAMBDA_FUNCTION", "action": "drop"},
          {"field": "normalized.title", "op": "regex", "value": "(?i)openssl", "action": "keep"},
          {"field": "normalized.asset.ipv4", "op": "contains", "value": "10.0.0.1", "action": "keep"}
        ]}
        """)
        XCTAssertEqual(problems, [])
        let rules = try XCTUnwrap(filter).rules
        XCTAssertEqual(rules.map(\.op), [.in, .prefix, .lt, .missing, .eq, .regex, .contains])
        XCTAssertEqual(rules.map(\.action), [.drop, .keep, .drop, .drop, .drop, .keep, .keep])
        XCTAssertEqual(rules[0].operand, .list([.string("Low"), .string("None")]))
        XCTAssertEqual(rules[2].label, "rules[2] normalized.score lt")
        XCTAssertEqual(filter?.defaultAction, .keep)
    }

    func testTheRecordContractFieldsCanBeFiltered() throws {
        let (filter, problems) = try read("""
        {"rules": [
          {"field": "normalized.severity_raw", "op": "eq", "value": "INFORMATIONAL", "action": "drop"},
          {"field": "normalized.asset.tags[].value", "op": "contains", "value": "prod", "action": "keep"},
          {"field": "normalized.packages[].release", "op": "prefix", "value": "10.amzn2", "action": "keep"},
          {"field": "normalized.network_path[].component_type", "op": "contains", "value": "AWS::EC2::InternetGateway", "action": "keep"},
          {"field": "normalized.published_at", "op": "lt", "value": 1700000000000, "action": "drop"},
          {"field": "normalized.asset.runtime", "op": "prefix", "value": "PYTHON", "action": "keep"}
        ]}
        """)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(filter?.rules.count, 6)
        XCTAssertEqual(try self.problems(ofRule: #"{"field": "normalized.asset.tags.Name", "op": "eq", "value": "x", "action": "drop"}"#).count, 1,
                       "tags are a list of name/value pairs, not a map")
    }

    func testAbsentOrEmptyMeansKeepEverything() throws {
        let value = try JSONValue.parse(Array("{}".utf8))
        let problems = ProblemCollector()
        XCTAssertNil(LogFilterReader.read(ConfigReader(path: "connectors[0]", value: value, problems: problems), fields: [InspectorRecordFields.record]))
        XCTAssertTrue(problems.problems.isEmpty)
        let (filter, found) = try read("{}")
        XCTAssertEqual(found, [])
        XCTAssertEqual(filter?.isEmpty, true)
        XCTAssertEqual(try read("{\"default\": \"drop\"}").0?.defaultAction, .drop)
    }

    func testUnknownOperatorListsTheValidOnes() throws {
        XCTAssertEqual(try problems(ofRule: #"{"field": "normalized.score", "op": "equals", "value": 1, "action": "drop"}"#),
                       ["connectors[0].log_filters.rules[0].op: unknown operator \"equals\"; use one of: eq, ne, in, "
                        + "not_in, contains, prefix, regex, gt, gte, lt, lte, exists, missing"])
        XCTAssertEqual(try problems(ofRule: #"{"field": "normalized.score", "op": "notin", "value": [1], "action": "drop"}"#),
                       ["connectors[0].log_filters.rules[0].op: unknown operator \"notin\" (did you mean \"not_in\"?); "
                        + "use one of: eq, ne, in, not_in, contains, prefix, regex, gt, gte, lt, lte, exists, missing"])
    }

    func testBadRegexGivesTheReason() throws {
        let found = try problems(ofRule: #"{"field": "normalized.title", "op": "regex", "value": "CVE-(\\d+", "action": "drop"}"#)
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found, ["connectors[0].log_filters.rules[0].value: regular expression \"CVE-(\\d+\" does not "
                               + "compile: expected ')'"])
        XCTAssertEqual(try problems(ofRule: #"{"field": "normalized.title", "op": "regex", "value": "*a", "action": "keep"}"#),
                       ["connectors[0].log_filters.rules[0].value: regular expression \"*a\" does not compile: "
                        + "quantifier '*' must appear after expression"])
    }

    func testWrongValueTypes() throws {
        let prefix = "connectors[0].log_filters.rules[0]"
        let cases: [(String, String)] = [
            (#"{"field": "normalized.severity", "op": "in", "value": "Low", "action": "drop"}"#,
             "\(prefix).value: in needs a non-empty list of strings, numbers or true/false, got a string"),
            (#"{"field": "normalized.score", "op": "gt", "value": "4", "action": "drop"}"#,
             "\(prefix).value: gt needs a number, got a string"),
            (#"{"field": "normalized.cves", "op": "exists", "value": true, "action": "drop"}"#,
             "\(prefix).value: exists takes no value; remove \"value\""),
            (#"{"field": "normalized.title", "op": "prefix", "value": 7, "action": "drop"}"#,
             "\(prefix).value: prefix needs a string, got a number"),
            (#"{"field": "normalized.title", "op": "eq", "action": "drop"}"#,
             "\(prefix).value: eq needs a value: a string, a number or true/false"),
            (#"{"field": "normalized.severity", "op": "not_in", "value": [], "action": "drop"}"#,
             "\(prefix).value: not_in needs at least one value in the list"),
            (#"{"field": "normalized.severity", "op": "eq", "value": {"a": 1}, "action": "drop"}"#,
             "\(prefix).value: must be a string, a number, true/false, or a list of them; got an object"),
            (#"{"field": "normalized.severity", "op": "in", "value": ["Low", ["High"]], "action": "drop"}"#,
             "\(prefix).value[1]: must be a string, a number or true/false"),
        ]
        for (rule, expected) in cases {
            XCTAssertEqual(try problems(ofRule: rule), [expected], rule)
        }
    }

    func testValuesMustFitTheFieldsType() throws {
        let prefix = "connectors[0].log_filters.rules[0]"
        let cases: [(String, String)] = [
            (#"{"field": "normalized.score", "op": "eq", "value": "8.8", "action": "drop"}"#,
             "\(prefix).value: normalized.score is a number; write 8.8 without quotes"),
            (#"{"field": "normalized.title", "op": "in", "value": ["a", 7], "action": "drop"}"#,
             "\(prefix).value: normalized.title is text; write \"7\" in quotes"),
            (#"{"field": "normalized.severity", "op": "lt", "value": 4, "action": "drop"}"#,
             "\(prefix).op: normalized.severity is text; lt compares numbers (use eq, in, prefix or regex)"),
            (#"{"field": "normalized.port", "op": "prefix", "value": "22", "action": "drop"}"#,
             "\(prefix).op: normalized.port is a number; prefix tests text (use eq, in, gt, gte, lt or lte)"),
            (#"{"field": "normalized.cves", "op": "contains", "value": 5, "action": "drop"}"#,
             "\(prefix).value: the elements of normalized.cves are text; write \"5\" in quotes"),
            (#"{"field": "normalized.severity", "op": "in", "value": ["low"], "action": "drop"}"#,
             "\(prefix).value: normalized.severity is never \"low\" (did you mean \"Low\"?); its values are: "
             + "Critical, High, Medium, Low, None"),
            (#"{"field": "normalized.asset", "op": "eq", "value": "x", "action": "drop"}"#,
             "\(prefix).field: normalized.asset is an object, which eq cannot compare: name one of its fields, like "
             + "normalized.asset.uid (fields: " + RecordFields.asset.memberNames.joined(separator: ", ") + ")"),
            (#"{"field": "normalized.packages", "op": "contains", "value": "openssl", "action": "drop"}"#,
             "\(prefix).field: normalized.packages is a list of objects, which contains cannot compare: name one of "
             + "their fields, like normalized.packages[].name (fields: name, version, release, epoch, arch, "
             + "fixed_in_version, package_manager, file_path, remediation, source_layer_hash, source_layer_arn)"),
            (#"{"field": "finding.resources", "op": "prefix", "value": "AWS", "action": "drop"}"#,
             "\(prefix).field: finding.resources is a list of objects, which prefix cannot compare: name one of "
             + "their fields, like finding.resources[].<name>"),
            (#"{"field": "finding.remediation", "op": "eq", "value": "x", "action": "drop"}"#,
             "\(prefix).field: finding.remediation is an object, which eq cannot compare: name one of its fields, "
             + "like finding.remediation.<name>"),
            (#"{"field": "normalized.status", "op": "eq", "value": true, "action": "drop"}"#,
             "\(prefix).value: normalized.status is text, never true/false"),
        ]
        for (rule, expected) in cases {
            XCTAssertEqual(try problems(ofRule: rule), [expected], rule)
        }
    }

    func testPathsThatCanNeverExist() throws {
        let prefix = "connectors[0].log_filters.rules[0].field"
        let cases: [(String, String)] = [
            ("normalised.severity", "\(prefix): a record has no field \"normalised\"; did you mean \"normalized\"?"),
            ("severity", "\(prefix): a record has no field \"severity\"; known: timestamp, msg_class, msg_origin, tenant, "
             + "tenantid, connector, region, normalized, finding"),
            ("normalized.sevrity", "\(prefix): normalized has no field \"sevrity\"; did you mean \"severity\"?"),
            ("finding.inspectorscore", "\(prefix): finding has no field \"inspectorscore\"; did you mean \"inspectorScore\"?"),
            ("finding.resources.type", "\(prefix): finding.resources is a list: write finding.resources[].type "
             + "(matches when any element does)"),
            ("normalized.severity[]", "\(prefix): normalized.severity is not a list: remove the []"),
            ("normalized.severity.name", "\(prefix): normalized.severity is text and has no field \"name\""),
            ("normalized.packages[].fixed", "\(prefix): normalized.packages[] has no field \"fixed\"; "
             + "did you mean \"fixed_in_version\"?"),
            ("msg_origin.processor.kind", "\(prefix): msg_origin.processor has no field \"kind\"; known: type, name"),
            ("finding.resources[0].type", "\(prefix): cannot read field path \"finding.resources[0].type\": "
             + "\"resources[0]\": positions like [0] are not supported; [] matches any element"),
            ("finding..type", "\(prefix): cannot read field path \"finding..type\": empty name between dots, or a trailing '.'"),
        ]
        for (field, expected) in cases {
            let rule = #"{"field": "\#(field)", "op": "exists", "action": "drop"}"#
            XCTAssertEqual(try problems(ofRule: rule), [expected], field)
        }
    }

    func testDeeperFindingLevelsAreFree() throws {
        for field in ["finding.packageVulnerabilityDetails.cvss[].baseScore", "finding.resources[].details.awsEc2Instance.platform",
                      "finding.remediation.recommendation.text", "msg_origin.processor.type", "tenantid", "timestamp"] {
            XCTAssertEqual(try problems(ofRule: #"{"field": "\#(field)", "op": "exists", "action": "keep"}"#), [], field)
        }
    }

    func testUnknownActionAndKeysAndMissingParts() throws {
        let prefix = "connectors[0].log_filters"
        XCTAssertEqual(try problems(ofRule: #"{"field": "normalized.cves", "op": "missing", "action": "discard"}"#),
                       ["\(prefix).rules[0].action: unknown value \"discard\"; use one of: keep, drop"])
        XCTAssertEqual(try problems(ofRule: #"{"field": "normalized.cves", "op": "missing", "action": "drop", "vaule": 1}"#),
                       ["\(prefix).rules[0].vaule: unknown key; did you mean \"value\"?"])
        XCTAssertEqual(try problems(ofRule: #"{}"#),
                       ["\(prefix).rules[0].field: missing (required)", "\(prefix).rules[0].op: missing (required)",
                        "\(prefix).rules[0].action: missing (required)"])
        XCTAssertEqual(try read(#"{"default": "reject", "rule": []}"#).1,
                       ["\(prefix).default: unknown value \"reject\"; use one of: keep, drop",
                        "\(prefix).rule: unknown key; did you mean \"rules\"?"])
        XCTAssertEqual(try read(#"{"rules": {"field": "x"}}"#).1, ["\(prefix).rules: must be a list"])
        XCTAssertEqual(try read(#"["keep"]"#).1, ["\(prefix): must be an object"])
    }

    func testEveryProblemIsReportedAndTheFilterRejected() throws {
        let (filter, problems) = try read("""
        {"rules": [
          {"field": "normalized.severity", "op": "in", "value": ["Low"], "action": "drop"},
          {"field": "normalized.sevrity", "op": "eq", "value": "Low", "action": "drop"},
          {"field": "normalized.title", "op": "regex", "value": "[", "action": "drop"},
          {"field": "normalized.score", "op": "between", "value": 1, "action": "drop"}
        ]}
        """)
        XCTAssertNil(filter, "a filter with problems must not be used")
        XCTAssertEqual(problems.map { String($0.prefix { $0 != ":" }) },
                       ["connectors[0].log_filters.rules[1].field", "connectors[0].log_filters.rules[2].value",
                        "connectors[0].log_filters.rules[3].op"])
    }
}
