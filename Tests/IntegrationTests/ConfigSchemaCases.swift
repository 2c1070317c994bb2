/// Small configs for `ConfigSchemaTests`: each differs from a valid base in one way.
enum ConfigSchemaCases {
    struct BadCase {
        let name: String
        /// The key path check-config must name in its message.
        let keyPath: String
        let json: String
    }

    struct GoodCase {
        let name: String
        let json: String
    }

    static let tcp = #"{"protocol": "tcp", "host": "127.0.0.1"}"#
    static let defaultAuth = #"{"method": "default"}"#

    /// A config with one destination "siem" and one connector "c1"; `extra` adds connector keys, `top` top-level keys.
    static func config(top: String = "", destination: String = tcp, auth: String = defaultAuth, extra: String = "",
                       regions: String = #"["us-east-1"]"#) -> String {
        """
        {\(top.isEmpty ? "" : top + ", ")"state_dir": "/tmp/schema-test-state",
         "destinations": {"siem": \(destination)},
         "connectors": [\(connector(auth: auth, extra: extra, regions: regions))]}
        """
    }

    static func connector(auth: String = defaultAuth, extra: String = "", regions: String = #"["us-east-1"]"#) -> String {
        """
        {"name": "c1", "type": "aws_inspector", "tenant": "t", "destination": "siem", "regions": \(regions),
         "auth": \(auth)\(extra.isEmpty ? "" : ", " + extra)}
        """
    }

    /// A config whose one connector "r1" is a rapid7_insightvm one with `keys`.
    static func rapid7(_ keys: String = #""region": "us", "auth": {"api_key_env": "KEY"}"#) -> String {
        """
        {"state_dir": "/tmp/schema-test-state", "destinations": {"siem": \(tcp)},
         "connectors": [{"name": "r1", "type": "rapid7_insightvm", "tenant": "t", "destination": "siem", \(keys)}]}
        """
    }

    static func filter(_ rule: String) -> String {
        #""log_filters": {"default": "keep", "rules": [\#(rule)]}"#
    }

    static func bad(readableFile: String) -> [BadCase] {
        [
            BadCase(name: "unknown connector type", keyPath: "connectors[0].type",
                    json: rapid7().replacingOccurrences(of: "rapid7_insightvm", with: "rapid7_insightvn")),
            BadCase(name: "rapid7 without region or endpoint", keyPath: "connectors[0].region",
                    json: rapid7(#""auth": {"api_key_env": "KEY"}"#)),
            BadCase(name: "rapid7 with region and endpoint", keyPath: "connectors[0].endpoint_url",
                    json: rapid7(#""region": "us", "endpoint_url": "https://r7.example", "auth": {"api_key_env": "KEY"}"#)),
            BadCase(name: "rapid7 bad region", keyPath: "connectors[0].region",
                    json: rapid7(#""region": "us-east-1", "auth": {"api_key_env": "KEY"}"#)),
            BadCase(name: "rapid7 page size", keyPath: "connectors[0].page_size",
                    json: rapid7(#""region": "us", "page_size": 501, "auth": {"api_key_env": "KEY"}"#)),
            BadCase(name: "rapid7 two key variants", keyPath: "connectors[0].auth",
                    json: rapid7(#""region": "us", "auth": {"api_key_env": "KEY", "api_key_file": "/k"}"#)),
            BadCase(name: "rapid7 without a key", keyPath: "connectors[0].auth",
                    json: rapid7(#""region": "us", "auth": {}"#)),
            BadCase(name: "an Inspector key on a rapid7 connector", keyPath: "connectors[0].regions",
                    json: rapid7(#""region": "us", "regions": ["us-east-1"], "auth": {"api_key_env": "KEY"}"#)),
            BadCase(name: "unknown top-level key", keyPath: "stat_dir", json: config(top: #""stat_dir": "/tmp""#)),
            BadCase(name: "unknown connector key", keyPath: "connectors[0].intervall_minutes",
                    json: config(extra: #""intervall_minutes": 5"#)),
            BadCase(name: "wrong type", keyPath: "connectors[0].interval_minutes", json: config(extra: #""interval_minutes": "15""#)),
            BadCase(name: "out of range", keyPath: "connectors[0].max_attempts", json: config(extra: #""max_attempts": 31"#)),
            BadCase(name: "bad enum", keyPath: "destinations.siem.protocol",
                    json: config(destination: #"{"protocol": "sctp", "host": "127.0.0.1"}"#)),
            BadCase(name: "missing required tenant", keyPath: "connectors[0].tenant", json: """
                {"destinations": {"siem": \(tcp)}, "connectors": [{"name": "c1", "type": "aws_inspector",
                 "destination": "siem", "regions": ["us-east-1"], "auth": {"method": "default"}}]}
                """),
            BadCase(name: "missing connectors", keyPath: "connectors", json: #"{"destinations": {"siem": {"protocol": "udp", "host": "h"}}}"#),
            BadCase(name: "no destination", keyPath: "destinations", json: #"{"destinations": {}, "connectors": []}"#),
            BadCase(name: "two secret variants", keyPath: "connectors[0].auth.access_key_id", json: config(auth: """
                {"method": "access_key", "access_key_id": "AKIAEXAMPLE", "access_key_id_env": "KEY_ID", "secret_access_key_env": "S"}
                """)),
            BadCase(name: "more account ids than a filter field takes", keyPath: "connectors[0].partitions.aws_account_ids",
                    json: config(extra: #""partitions": {"by": ["aws_account_id"], "aws_account_ids": [\#((0..<11).map { "\"1000000000\($0 + 10)\"" }.joined(separator: ", "))]}"#)),
            BadCase(name: "external id from the environment without iam_role", keyPath: "connectors[0].auth.external_id_env",
                    json: config(auth: #"{"method": "default", "external_id_env": "EXTERNAL_ID"}"#)),
            BadCase(name: "access_key without a secret key", keyPath: "connectors[0].auth.secret_access_key",
                    json: config(auth: #"{"method": "access_key", "access_key_id_env": "KEY_ID"}"#)),
            BadCase(name: "iam_role with only one key", keyPath: "connectors[0].auth.secret_access_key", json: config(auth: """
                {"method": "iam_role", "role_arn": "arn:aws:iam::123456789012:role/R", "access_key_id_env": "K"}
                """)),
            BadCase(name: "keys with default method", keyPath: "connectors[0].auth.method",
                    json: config(auth: #"{"method": "default", "access_key_id_env": "K", "secret_access_key_env": "S"}"#)),
            BadCase(name: "role_arn without iam_role", keyPath: "connectors[0].auth.role_arn", json: config(auth: """
                {"method": "access_key", "access_key_id_env": "K", "secret_access_key_env": "S",
                 "role_arn": "arn:aws:iam::123456789012:role/R"}
                """)),
            BadCase(name: "bad role ARN", keyPath: "connectors[0].auth.role_arn",
                    json: config(auth: #"{"method": "iam_role", "role_arn": "arn:aws:iam::12345:user/bob"}"#)),
            BadCase(name: "bad external id", keyPath: "connectors[0].auth.external_id", json: config(auth: """
                {"method": "iam_role", "role_arn": "arn:aws:iam::123456789012:role/R", "external_id": "x"}
                """)),
            BadCase(name: "bad region", keyPath: "connectors[0].regions[0]", json: config(regions: #"["us-east"]"#)),
            BadCase(name: "no regions", keyPath: "connectors[0].regions", json: config(regions: "[]")),
            BadCase(name: "bad connector name", keyPath: "connectors[0].name", json: config().replacingOccurrences(
                of: #""name": "c1""#, with: #""name": "c 1""#)),
            BadCase(name: "framing on udp", keyPath: "destinations.siem.framing",
                    json: config(destination: #"{"protocol": "udp", "host": "127.0.0.1", "framing": "lf"}"#)),
            BadCase(name: "missing protocol", keyPath: "destinations.siem.protocol",
                    json: config(destination: #"{"host": "127.0.0.1"}"#)),
            BadCase(name: "tls section on tcp", keyPath: "destinations.siem.tls",
                    json: config(destination: #"{"protocol": "tcp", "host": "h", "tls": {"verify": true}}"#)),
            BadCase(name: "tls section on relp", keyPath: "destinations.siem.tls",
                    json: config(destination: #"{"protocol": "relp", "host": "h", "tls": {"verify": true}}"#)),
            BadCase(name: "framing on relp", keyPath: "destinations.siem.framing",
                    json: config(destination: #"{"protocol": "relp", "host": "h", "framing": "lf"}"#)),
            BadCase(name: "client cert without key", keyPath: "destinations.siem.tls.key_file", json: config(destination: """
                {"protocol": "tls", "host": "h", "tls": {"cert_file": "\(readableFile)"}}
                """)),
            BadCase(name: "message size too small", keyPath: "destinations.siem.max_message_size",
                    json: config(destination: #"{"protocol": "udp", "host": "h", "max_message_size": 479}"#)),
            BadCase(name: "bad facility", keyPath: "destinations.siem.facility",
                    json: config(destination: #"{"protocol": "udp", "host": "h", "facility": "local8"}"#)),
            BadCase(name: "bad log filter operator", keyPath: "connectors[0].log_filters.rules[0].op",
                    json: config(extra: filter(#"{"field": "normalized.severity", "op": "equals", "value": "Low", "action": "drop"}"#))),
            BadCase(name: "exists with a value", keyPath: "connectors[0].log_filters.rules[0]",
                    json: config(extra: filter(#"{"field": "normalized.severity", "op": "exists", "value": "x", "action": "drop"}"#))),
            BadCase(name: "in with an empty list", keyPath: "connectors[0].log_filters.rules[0]",
                    json: config(extra: filter(#"{"field": "normalized.severity", "op": "in", "value": [], "action": "drop"}"#))),
            BadCase(name: "bad field path", keyPath: "connectors[0].log_filters.rules[0]",
                    json: config(extra: filter(#"{"field": "normalized..severity", "op": "exists", "action": "drop"}"#))),
            BadCase(name: "bad filter action", keyPath: "connectors[0].log_filters.rules[0].action",
                    json: config(extra: filter(#"{"field": "normalized.severity", "op": "exists", "action": "forward"}"#))),
            BadCase(name: "bad capacity policy", keyPath: "destinations.siem.capacity.policy",
                    json: config(destination: #"{"protocol": "udp", "host": "h", "capacity": {"policy": "drop"}}"#)),
            BadCase(name: "burst without rate", keyPath: "destinations.siem.capacity.burst",
                    json: config(destination: #"{"protocol": "udp", "host": "h", "capacity": {"burst": 10}}"#)),
            BadCase(name: "queue bytes too small", keyPath: "destinations.siem.capacity.max_queued_bytes",
                    json: config(destination: #"{"protocol": "udp", "host": "h", "capacity": {"max_queued_bytes": 1024}}"#)),
            BadCase(name: "partitions by unknown dimension", keyPath: "connectors[0].partitions.by[0]",
                    json: config(extra: #""partitions": {"by": ["region"]}"#)),
            BadCase(name: "partitions by account without ids", keyPath: "connectors[0].partitions.aws_account_ids",
                    json: config(extra: #""partitions": {"by": ["aws_account_id"]}"#)),
            BadCase(name: "partition dimension already filtered", keyPath: "connectors[0].partitions.by[0]", json: config(extra: """
                "filter_criteria": {"severity": [{"comparison": "EQUALS", "value": "HIGH"}]}, "partitions": {"by": ["severity"]}
                """)),
            BadCase(name: "updatedAt in filter_criteria", keyPath: "connectors[0].filter_criteria.updatedAt",
                    json: config(extra: #""filter_criteria": {"updatedAt": [{"startInclusive": 0}]}"#)),
            BadCase(name: "metrics on a public address", keyPath: "metrics.listen",
                    json: config(top: #""metrics": {"listen": "0.0.0.0:9464"}"#)),
            BadCase(name: "endpoint not a URL", keyPath: "connectors[0].endpoint_url",
                    json: config(extra: #""endpoint_url": "inspector2.local""#)),
            BadCase(name: "unknown API tls key", keyPath: "connectors[0].tls.verfiy",
                    json: config(extra: #""tls": {"verfiy": false}"#)),
        ]
    }

    static func good(readableFile: String) -> [GoodCase] {
        let everyOperator = [
            #"{"field": "normalized.severity", "op": "eq", "value": "Low", "action": "drop"}"#,
            #"{"field": "normalized.severity", "op": "ne", "value": "Low", "action": "keep"}"#,
            #"{"field": "normalized.severity", "op": "not_in", "value": ["High", "Critical"], "action": "drop"}"#,
            #"{"field": "normalized.cves", "op": "contains", "value": "CVE-2024-0001", "action": "keep"}"#,
            #"{"field": "normalized.asset.name", "op": "regex", "value": "^test-", "action": "drop"}"#,
            #"{"field": "finding.inspectorScore", "op": "gte", "value": 7, "action": "keep"}"#,
            #"{"field": "finding.inspectorScore", "op": "lt", "value": 0.5, "action": "drop"}"#,
            #"{"field": "finding.fixAvailable", "op": "missing", "action": "keep"}"#,
        ].joined(separator: ", ")
        return [
            GoodCase(name: "minimal", json: config()),
            GoodCase(name: "minimal rapid7", json: rapid7()),
            GoodCase(name: "rapid7 at an endpoint with a key file", json: rapid7(#""endpoint_url": "https://r7.example/", "auth": {"api_key_file": "/etc/hostname"}"#)),
            GoodCase(name: "schema pointer", json: config(top: #""$schema": "./findings-collector.schema.json""#)),
            GoodCase(name: "access keys from env and file", json: config(auth: """
                {"method": "access_key", "access_key_id_env": "K", "secret_access_key_file": "/run/secret", "session_token_env": "T"}
                """)),
            GoodCase(name: "role over the default chain", json: config(auth: """
                {"method": "iam_role", "role_arn": "arn:aws-us-gov:iam::123456789012:role/path/R", "external_id": "ext-id_01",
                 "session_name": "fc", "duration_seconds": 900}
                """, regions: #"["us-gov-west-1", "eu-central-1"]"#)),
            GoodCase(name: "tls destination", json: config(destination: """
                {"protocol": "tls", "host": "h", "port": 6514, "tls": {"ca_file": "\(readableFile)", "cert_file": "\(readableFile)",
                 "key_file": "\(readableFile)", "server_name": "siem", "verify": false}}
                """)),
            GoodCase(name: "relp destination", json: config(destination: #"{"protocol": "relp", "host": "h", "port": 2514}"#)),
            GoodCase(name: "lf framing, rfc3164, capacity", json: config(destination: """
                {"protocol": "tcp", "host": "h", "framing": "lf", "format": "rfc3164", "facility": "local7",
                 "capacity": {"events_per_second": 0.5, "burst": 1, "max_queued_records": 1, "max_queued_bytes": 65536, "policy": "block"}}
                """)),
            GoodCase(name: "every filter operator", json: config(extra: #""log_filters": {"default": "drop", "rules": [\#(everyOperator)]}"#)),
            GoodCase(name: "partitions by account", json: config(extra: """
                "filter_criteria": {"severity": [{"comparison": "EQUALS", "value": "HIGH"}]},
                "partitions": {"by": ["aws_account_id", "resource_type"], "aws_account_ids": ["123456789012"], "max_concurrency": 64}
                """)),
            GoodCase(name: "metrics on ::1 and endpoints", json: config(top: #""metrics": {"listen": "[::1]:9464"}, "shutdown_timeout_seconds": 0"#,
                                                                        extra: """
                "endpoint_url": "http://127.0.0.1:4566", "sts_endpoint_url": "https://sts.us-east-1.amazonaws.com/",
                "interval_minutes": 0.05, "initial_lookback_hours": 0, "settle_seconds": 3600, "max_attempts": 1, "max_pages": 1,
                "tls": {"verify": true}
                """)),
        ]
    }
}
