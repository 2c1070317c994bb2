import FindingsCollector
import Foundation

/// One vulnerable package as the templates write it.
struct PackageTemplate: Sendable {
    let name: String
    let version: String
    let fixedIn: String
    let manager: String
    /// Language packages live in files; OS packages do not.
    let filePath: String?
    /// The `vulnerablePackages` entry without its closing brace, with and without `fixedInVersion`,
    /// rendered once: the templates only append the per-finding members.
    let openJSONWithFix: [UInt8]
    let openJSONWithoutFix: [UInt8]
    /// "Upgrade NAME to FIXED" as UTF-8, for the remediation text.
    let upgradeAdvice: [UInt8]

    init(name: String, version: String, fixedIn: String, manager: String, filePath: String?) {
        self.name = name
        self.version = version
        self.fixedIn = fixedIn
        self.manager = manager
        self.filePath = filePath
        func render(withFix: Bool) -> [UInt8] {
            var json = FindingJSONWriter(reservingCapacity: 256)
            json.beginObject()
            json.field("arch", manager == "OS" ? "X86_64" : "")
            json.field("epoch", 0)
            if let filePath { json.field("filePath", filePath) }
            if withFix { json.field("fixedInVersion", fixedIn) }
            json.field("name", name)
            json.field("packageManager", manager)
            if manager == "OS" {
                json.field("release", String(version.split(separator: "-").last ?? "1"))
                json.field("remediation", "yum update \(name)")
            }
            json.field("version", version)
            return json.bytes
        }
        upgradeAdvice = Array("Upgrade \(name) to \(fixedIn)".utf8)
        openJSONWithFix = render(withFix: true)
        openJSONWithoutFix = render(withFix: false)
    }
}

/// The word lists the finding templates draw from. Plausible, not real advisories.
enum FindingVocabulary {
    static let osPackages: [PackageTemplate] = [
        .init(name: "openssl", version: "1.0.2k-24.amzn2.0.6", fixedIn: "1.0.2k-24.amzn2.0.7", manager: "OS", filePath: nil),
        .init(name: "openssl-libs", version: "1.0.2k-24.amzn2.0.6", fixedIn: "1.0.2k-24.amzn2.0.7", manager: "OS", filePath: nil),
        .init(name: "glibc", version: "2.26-62.amzn2", fixedIn: "2.26-64.amzn2", manager: "OS", filePath: nil),
        .init(name: "curl", version: "8.3.0-1.amzn2.0.4", fixedIn: "8.3.0-1.amzn2.0.5", manager: "OS", filePath: nil),
        .init(name: "libcurl", version: "8.3.0-1.amzn2.0.4", fixedIn: "8.3.0-1.amzn2.0.5", manager: "OS", filePath: nil),
        .init(name: "systemd", version: "219-78.amzn2.0.22", fixedIn: "219-78.amzn2.0.23", manager: "OS", filePath: nil),
        .init(name: "sudo", version: "1.8.23-10.amzn2.3.2", fixedIn: "1.9.15p5-1.amzn2", manager: "OS", filePath: nil),
        .init(name: "kernel", version: "5.10.201-191.748.amzn2", fixedIn: "5.10.205-195.804.amzn2", manager: "OS", filePath: nil),
        .init(name: "expat", version: "2.1.0-15.amzn2", fixedIn: "2.1.0-15.amzn2.0.3", manager: "OS", filePath: nil),
        .init(name: "libxml2", version: "2.9.1-6.amzn2.5.8", fixedIn: "2.9.1-6.amzn2.5.13", manager: "OS", filePath: nil),
        .init(name: "python3", version: "3.7.16-1.amzn2.0.4", fixedIn: "3.7.16-1.amzn2.0.6", manager: "OS", filePath: nil),
        .init(name: "vim-minimal", version: "9.0.1882-1.amzn2.0.1", fixedIn: "9.0.2153-1.amzn2.0.1", manager: "OS", filePath: nil),
        .init(name: "krb5-libs", version: "1.15.1-55.amzn2.2.5", fixedIn: "1.15.1-55.amzn2.2.8", manager: "OS", filePath: nil),
        .init(name: "openssh-server", version: "7.4p1-22.amzn2.0.5", fixedIn: "7.4p1-22.amzn2.0.6", manager: "OS", filePath: nil),
        .init(name: "libssh2", version: "1.4.3-12.amzn2.2.4", fixedIn: "1.4.3-12.amzn2.2.5", manager: "OS", filePath: nil),
        .init(name: "zlib", version: "1.2.7-19.amzn2.0.2", fixedIn: "1.2.7-19.amzn2.0.3", manager: "OS", filePath: nil),
    ]

    static let libraryPackages: [PackageTemplate] = [
        .init(name: "lodash", version: "4.17.15", fixedIn: "4.17.21", manager: "NPM", filePath: "app/node_modules/lodash/package.json"),
        .init(name: "axios", version: "0.21.1", fixedIn: "1.6.0", manager: "NPM", filePath: "app/node_modules/axios/package.json"),
        .init(name: "jsonwebtoken", version: "8.5.1", fixedIn: "9.0.0", manager: "NPM", filePath: "app/node_modules/jsonwebtoken/package.json"),
        .init(name: "semver", version: "7.3.5", fixedIn: "7.5.2", manager: "NPM", filePath: "app/node_modules/semver/package.json"),
        .init(name: "requests", version: "2.25.1", fixedIn: "2.31.0", manager: "PIP", filePath: "var/task/requests-2.25.1.dist-info/METADATA"),
        .init(name: "urllib3", version: "1.26.4", fixedIn: "1.26.18", manager: "PIP", filePath: "var/task/urllib3-1.26.4.dist-info/METADATA"),
        .init(name: "Jinja2", version: "2.11.2", fixedIn: "3.1.3", manager: "PIP", filePath: "var/task/Jinja2-2.11.2.dist-info/METADATA"),
        .init(name: "cryptography", version: "3.3.2", fixedIn: "41.0.6", manager: "PIP", filePath: "var/task/cryptography-3.3.2.dist-info/METADATA"),
        .init(name: "org.apache.logging.log4j:log4j-core", version: "2.14.1", fixedIn: "2.17.1", manager: "JAR", filePath: "app/lib/log4j-core-2.14.1.jar"),
        .init(name: "com.fasterxml.jackson.core:jackson-databind", version: "2.9.10.1", fixedIn: "2.13.4.2", manager: "JAR", filePath: "app/lib/jackson-databind-2.9.10.1.jar"),
        .init(name: "golang.org/x/net", version: "v0.7.0", fixedIn: "0.17.0", manager: "GOMOD", filePath: "app/go.mod"),
        .init(name: "golang.org/x/crypto", version: "v0.14.0", fixedIn: "0.17.0", manager: "GOBINARY", filePath: "usr/local/bin/server"),
    ]

    static let weaknesses: [String] = [
        "A heap-based buffer overflow in the parser allows a remote attacker to execute arbitrary code via a crafted input.",
        "Improper validation of certificate chains lets a man-in-the-middle attacker impersonate a server.",
        "An integer overflow when computing a buffer length can lead to an out-of-bounds write and a crash.",
        "A use-after-free in the connection reuse logic may allow a denial of service or memory disclosure.",
        "Uncontrolled recursion when handling deeply nested documents allows an attacker to exhaust the stack.",
        "A race condition in the privilege dropping code permits a local user to gain root privileges.",
        "Insufficient sanitisation of header values enables request smuggling through an upstream proxy.",
        "Prototype pollution through crafted keys lets an attacker alter application behaviour and bypass checks.",
        "Regular expression backtracking on specially crafted strings causes excessive CPU consumption (ReDoS).",
        "Deserialisation of untrusted data in the lookup feature allows remote code execution with the service's rights.",
    ]

    static let impacts: [String] = [
        "Successful exploitation could allow an attacker to read sensitive information from process memory, including keys and session cookies that are held by the affected service at the time of the attack.",
        "The issue affects all releases before the fixed version. Systems exposed to untrusted networks are at greater risk; internal systems are affected when processing data supplied by users.",
        "Exploitation requires no authentication and no user interaction. A public proof of concept is available, and exploitation attempts have been observed in the wild by several vendors.",
        "Vendors rate the flaw differently because default configurations disable the vulnerable code path on some distributions; review the vendor advisory for the configuration that applies to you.",
    ]

    /// Text a collector must carry through intact: quotes, backslashes, newlines, non-ASCII.
    static let trickyPhrases: [String] = [
        "Affected path: \"C:\\Program Files\\Agent\\bin\" (quoted, with backslashes).",
        "Line one of the vendor note.\nLine two, after a newline.\tTabbed.",
        "Schwachstelle in der Verschlüsselung: Schlüssel können offengelegt werden — bitte „sofort“ aktualisieren.",
        "脆弱性: 細工されたリクエストによりサービス拒否が発生します。",
        "Vulnérabilité élevée : l’attaquant peut exécuter du code arbitraire 🚨.",
    ]

    static let ec2Platforms = ["AMAZON_LINUX_2", "AMAZON_LINUX_2023", "UBUNTU_22_04", "RHEL_9", "WINDOWS_SERVER_2019"]
    static let ecrPlatforms = ["ALPINE_LINUX_3_18", "DEBIAN_12", "AMAZON_LINUX_2023", "UBUNTU_22_04"]
    static let instanceTypes = ["t3.micro", "t3.medium", "m5.large", "c6i.xlarge", "r6g.2xlarge"]
    static let runtimes = ["PYTHON_3_11", "PYTHON_3_9", "NODEJS_18_X", "JAVA_17", "GO_1_X", "NODEJS_16_X"]
    static let roles = ["web", "api", "batch", "worker", "bastion", "db-proxy", "ingest", "reporting"]
    static let environments = ["prod", "staging", "dev", "qa"]
    static let teams = ["platform", "payments", "identity", "data", "ops"]
    static let vulnerabilitySources = ["NVD", "AMAZON_CVE", "UBUNTU_CVE", "DEBIAN_CVE", "GITHUB"]
    static let ports = [22, 3389, 80, 443, 3306, 5432, 6379, 8080, 9200, 27017]
    static let cwes: [(id: String, name: String)] = [
        ("CWE-89", "SQL injection"), ("CWE-78", "OS command injection"), ("CWE-798", "Hardcoded credentials"),
        ("CWE-22", "Path traversal"), ("CWE-79", "Cross-site scripting"), ("CWE-327", "Weak cryptographic algorithm"),
    ]
    static let cvssVectors = [
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N",
        "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
    ]
}

/// Every description the templates can produce, pre-rendered as quoted JSON strings (about 1 MB).
enum DescriptionTable {
    private static let weaknessCount = FindingVocabulary.weaknesses.count
    private static let impactCount = FindingVocabulary.impacts.count
    private static let trickySlots = FindingVocabulary.trickyPhrases.count + 1

    /// `tricky` 0 means none, otherwise 1 + the index of the tricky phrase appended.
    static func quoted(weakness: Int, impactCount count: Int, impactStart: Int, tricky: Int) -> [UInt8] {
        table[((weakness * (impactCount + 1) + count) * impactCount + impactStart) * trickySlots + tricky]
    }

    private static let table: [[UInt8]] = {
        var table: [[UInt8]] = []
        table.reserveCapacity(weaknessCount * (impactCount + 1) * impactCount * trickySlots)
        for weakness in 0..<weaknessCount {
            for count in 0...impactCount {
                for start in 0..<impactCount {
                    for tricky in 0..<trickySlots {
                        var text = FindingVocabulary.weaknesses[weakness]
                        for offset in 0..<count {
                            text += " " + FindingVocabulary.impacts[(start + offset) % impactCount]
                        }
                        if tricky > 0 { text += "\n" + FindingVocabulary.trickyPhrases[tricky - 1] }
                        var json = FindingJSONWriter(reservingCapacity: text.utf8.count + 16)
                        json.string(text)
                        table.append(json.bytes)
                    }
                }
            }
        }
        return table
    }()
}
