import FindingsCollector
import Foundation

/// A deterministic, virtual set of Inspector2 findings: nothing is stored, finding `i` is rebuilt from
/// `(seed, i)` on demand, so a million findings cost no memory and every run sees the same data.
public struct SyntheticFindings: Sendable {
    /// How many findings the set holds (indices `0..<count`).
    public let count: Int
    /// `updatedAt` of finding 0, epoch seconds; finding i is `spacing × i` seconds older.
    public let newestUpdatedAt: Double
    /// Seconds between the `updatedAt` of consecutive findings.
    public let spacing: Double
    /// Region written into ARNs and resources.
    public let region: String
    let accountIds: [String]
    let seedKey: UInt64

    /// `count` findings; finding i has updatedAt = newestUpdatedAt − i × spacing (so all within a known window).
    public init(count: Int, newestUpdatedAt: Date, spacing: TimeInterval = 30, seed: UInt64 = 1,
                accountIds: [String] = ["123456789012"], region: String = "us-east-1") {
        precondition(count >= 0, "a finding set cannot have a negative size")
        self.count = count
        self.newestUpdatedAt = newestUpdatedAt.timeIntervalSince1970
        self.spacing = max(0, spacing)
        self.region = region
        self.accountIds = accountIds.isEmpty ? ["123456789012"] : accountIds
        self.seedKey = simulatorMix(seed ^ 0x5EED_F1D1_D65E_ED00)
    }

    /// One finding as JSON bytes (2–6 KiB, varied shapes).
    public func finding(at index: Int) -> [UInt8] {
        FindingTemplates(traits: traits(at: index), region: region).render()
    }

    /// The finding's `findingArn`, unique within the set.
    public func arn(at index: Int) -> String { traits(at: index).arn(region: region) }

    /// The finding's `updatedAt`, epoch seconds, exactly as written in its JSON.
    public func updatedAt(at index: Int) -> Double { newestUpdatedAt - Double(index) * spacing }

    /// CRITICAL/HIGH/MEDIUM/LOW/INFORMATIONAL/UNTRIAGED, consistent with `inspectorScore`.
    public func severity(at index: Int) -> String { traits(at: index).severity }

    /// AWS_EC2_INSTANCE/AWS_ECR_CONTAINER_IMAGE/AWS_LAMBDA_FUNCTION.
    public func resourceType(at index: Int) -> String { traits(at: index).shape.resourceType }

    /// PACKAGE_VULNERABILITY/NETWORK_REACHABILITY/CODE_VULNERABILITY.
    public func findingType(at index: Int) -> String { traits(at: index).shape.findingType }

    /// ACTIVE (most), SUPPRESSED, CLOSED.
    public func status(at index: Int) -> String { traits(at: index).status }

    /// The account that owns the finding, one of `accountIds`.
    public func accountId(at index: Int) -> String { traits(at: index).accountId }

    /// The filterable facts of one finding, without rendering its JSON.
    func traits(at index: Int) -> FindingTraits {
        precondition(index >= 0 && index < count, "finding index \(index) outside 0..<\(count)")
        return FindingTraits(index: index, seedKey: seedKey, newestUpdatedAt: newestUpdatedAt,
                             spacing: spacing, accountIds: accountIds)
    }
}
