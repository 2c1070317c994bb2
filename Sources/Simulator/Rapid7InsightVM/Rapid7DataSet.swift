/// What the Rapid7 double serves: assets, the findings on them (with first/last found, changes and
/// remediations) and vulnerability definitions. A value: the double keeps it behind a lock and tests change
/// it between passes (`addFindings`, `remediate`), then ask for the ground truth.
public struct Rapid7DataSet: Sendable {
    public struct Tag: Sendable, Equatable {
        public var name: String
        public var type: String?
        public init(name: String, type: String?) { self.name = name; self.type = type }
    }

    public struct Asset: Sendable {
        public var id: String
        public var hostName: String?
        public var ip: String
        public var mac: String
        public var isWindows: Bool
        public var tags: [Tag]
        public var lastScanStart: Double
        public var lastScanEnd: Double
        public var riskScore: Double
    }

    public struct Finding: Sendable {
        public var assetIndex: Int
        public var vulnerabilityId: String
        public var port: Int?
        public var `protocol`: String?
        public var key: String
        public var firstFound: Double
        public var lastFound: Double
        public var status: String
        /// When the finding stopped being found; nil while it is current.
        public var remediatedAt: Double?
        public var proof: String
        public var solutionId: String
    }

    public struct Definition: Sendable {
        public var id: String
        public var title: String
        public var severity: String
        public var severityScore: Int
        public var cvssV3Score: Double
        public var cvssV3Vector: String?
        public var cves: [String]
        public var published: Double
    }

    public var assets: [Asset]
    public var findings: [Finding]
    public var definitions: [Definition]

    public init(assets: [Asset], findings: [Finding], definitions: [Definition]) {
        self.assets = assets
        self.findings = findings
        self.definitions = definitions
    }

    /// The findings current (not remediated) at `time` that existed then.
    func isCurrent(_ finding: Finding, at time: Double) -> Bool {
        finding.firstFound <= time && (finding.remediatedAt.map { $0 > time } ?? true)
    }

    // MARK: Changes between passes

    /// Adds `count` findings found at `time` (new vulnerabilities, or new ports of known ones) spread over the
    /// assets, rescanning those assets at `time`. Returns their uids.
    @discardableResult
    public mutating func addFindings(_ count: Int, at time: Double) -> [String] {
        var uids: [String] = []
        for offset in 0..<count {
            let assetIndex = (offset * 7 + findings.count) % max(assets.count, 1)
            let definition = definitions[(offset * 13 + findings.count) % definitions.count]
            let finding = Finding(assetIndex: assetIndex, vulnerabilityId: definition.id, port: 10_000 + findings.count,
                                  protocol: "TCP", key: "", firstFound: time, lastFound: time, status: "VULNERABLE_VERS",
                                  remediatedAt: nil, proof: "<p>Found in the rescan at \(Rapid7Time.format(time))</p>",
                                  solutionId: "fix-\(definition.id)")
            findings.append(finding)
            rescan(assetIndex, at: time)
            uids.append(uid(of: finding))
        }
        return uids
    }

    /// Remediates `count` of the findings current at `time`, every `stride`-th one, rescanning their assets.
    /// Returns their uids.
    @discardableResult
    public mutating func remediate(_ count: Int, at time: Double, stride: Int = 5) -> [String] {
        var uids: [String] = []
        var index = 0
        while uids.count < count, index < findings.count {
            if isCurrent(findings[index], at: time) {
                findings[index].remediatedAt = time
                rescan(findings[index].assetIndex, at: time)
                uids.append(uid(of: findings[index]))
            }
            index += Swift.max(1, stride)
        }
        return uids
    }

    mutating func rescan(_ assetIndex: Int, at time: Double) {
        assets[assetIndex].lastScanStart = time - 60
        assets[assetIndex].lastScanEnd = time
        for index in findings.indices where findings[index].assetIndex == assetIndex && isCurrent(findings[index], at: time) {
            findings[index].lastFound = time
        }
    }

    // MARK: Ground truth

    /// The uids of every finding an initial pull (`includeSame`, no comparison time) at `now` returns for
    /// assets scanned after `scannedAfter`.
    public func currentUIDs(scannedAfter: Double, now: Double) -> Set<String> {
        Set(findings.filter { assets[$0.assetIndex].lastScanEnd > scannedAfter && isCurrent($0, at: now) }.map(uid(of:)))
    }

    /// The uids a pull with `comparisonTime` T at `now` lists as `new` and as `remediated`.
    public func changes(since comparison: Double, now: Double) -> (new: Set<String>, remediated: Set<String>) {
        var new: Set<String> = [], remediated: Set<String> = []
        for finding in findings {
            switch listing(of: finding, comparison: comparison, now: now, includeSame: true) {
            case .new?: new.insert(uid(of: finding))
            case .remediated?: remediated.insert(uid(of: finding))
            default: break
            }
        }
        return (new, remediated)
    }

    public enum Listing: String, Sendable { case new, same, remediated }

    /// Where a finding goes in an asset's answer, comparing its state at `comparison` with its state at `now`:
    /// found since → `new`; gone since → `remediated`; there both times → `same` (only with `includeSame`).
    public func listing(of finding: Finding, comparison: Double, now: Double, includeSame: Bool) -> Listing? {
        let then = isCurrent(finding, at: comparison), current = isCurrent(finding, at: now)
        switch (then, current) {
        case (false, true): return .new
        case (true, false): return .remediated
        case (true, true): return includeSame ? .same : nil
        case (false, false): return nil
        }
    }

    /// The uid the collector's mapper gives this finding: `rapid7:<asset>:<vulnerability>:<port>:<protocol>:<key>`,
    /// each part with `%` and `:` percent-encoded.
    public func uid(of finding: Finding) -> String {
        func part(_ text: String) -> String {
            text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: ":", with: "%3A")
        }
        return "rapid7:" + [assets[finding.assetIndex].id, finding.vulnerabilityId, finding.port.map(String.init) ?? "",
                            finding.protocol ?? "", finding.key].map(part).joined(separator: ":")
    }

    public func definition(_ id: String) -> Definition? { definitions.first { $0.id == id } }
}
