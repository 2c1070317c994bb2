import FindingsCollector
import Foundation

/// The kinds of finding the generator produces, with the share of each (out of 100).
enum FindingShape: Sendable, CaseIterable {
    case ec2Package, ecrPackage, lambdaPackage, ec2Network, lambdaCode

    /// Maps a uniform 0..<100 draw onto the mix of a typical account: mostly EC2 package findings.
    init(percentile: Int) {
        switch percentile {
        case ..<60: self = .ec2Package
        case ..<80: self = .ecrPackage
        case ..<90: self = .lambdaPackage
        case ..<97: self = .ec2Network
        default: self = .lambdaCode
        }
    }

    var findingType: String {
        switch self {
        case .ec2Package, .ecrPackage, .lambdaPackage: return "PACKAGE_VULNERABILITY"
        case .ec2Network: return "NETWORK_REACHABILITY"
        case .lambdaCode: return "CODE_VULNERABILITY"
        }
    }

    var resourceType: String {
        switch self {
        case .ec2Package, .ec2Network: return "AWS_EC2_INSTANCE"
        case .ecrPackage: return "AWS_ECR_CONTAINER_IMAGE"
        case .lambdaPackage, .lambdaCode: return "AWS_LAMBDA_FUNCTION"
        }
    }
}

/// SplitMix64's finaliser: a bijection on UInt64, so distinct inputs give distinct outputs.
@inline(__always)
func simulatorMix(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// Everything about finding `index` that filters look at, derived from a hash without building any JSON.
struct FindingTraits: Sendable {
    let index: Int
    /// Unique per index (the mix is a bijection), so it doubles as the ARN's identity.
    let base: UInt64
    let shape: FindingShape
    let score: Double?
    let severity: String
    let status: String
    let accountId: String
    let updatedAt: Double
    let lastObservedAt: Double
    let firstObservedAt: Double

    init(index: Int, seedKey: UInt64, newestUpdatedAt: Double, spacing: Double, accountIds: [String]) {
        self.index = index
        base = simulatorMix(UInt64(truncatingIfNeeded: index) &+ seedKey)
        shape = FindingShape(percentile: Int(simulatorMix(base ^ 0x51) % 100))
        (score, severity) = FindingTraits.scoreAndSeverity(shape: shape, draw: Int(simulatorMix(base ^ 0x5C) % 1000))
        let statusDraw = simulatorMix(base ^ 0x57) % 100
        status = statusDraw < 85 ? "ACTIVE" : (statusDraw < 93 ? "SUPPRESSED" : "CLOSED")
        accountId = accountIds.isEmpty ? "123456789012"
            : accountIds[Int(simulatorMix(base ^ 0xAC) % UInt64(accountIds.count))]
        updatedAt = newestUpdatedAt - Double(index) * spacing
        // Observation times never run ahead of the update time, as in the real service.
        lastObservedAt = updatedAt - Double(simulatorMix(base ^ 0x10) % 3_600)
        firstObservedAt = lastObservedAt - Double(simulatorMix(base ^ 0xF0) % (90 * 86_400))
    }

    /// A further independent draw for template choices (`salt` picks which one).
    @inline(__always)
    func draw(_ salt: UInt64, _ bound: Int) -> Int {
        Int(simulatorMix(base ^ (salt &* 0x100_0000_01B3)) % UInt64(bound))
    }

    /// `arn:aws:inspector2:REGION:ACCOUNT:finding/<32 hex>`; the first 16 hex digits are `base`, so unique.
    func arn(region: String) -> String {
        "arn:aws:inspector2:\(region):\(accountId):finding/" + hex16(base) + hex16(simulatorMix(base ^ 0xA7))
    }

    /// Package findings carry a score; network and code findings, and untriaged ones, do not.
    private static func scoreAndSeverity(shape: FindingShape, draw: Int) -> (Double?, String) {
        switch shape {
        case .ec2Network:
            return (nil, draw < 700 ? "MEDIUM" : (draw < 900 ? "HIGH" : "LOW"))
        case .lambdaCode:
            return (nil, draw < 200 ? "CRITICAL" : (draw < 600 ? "HIGH" : "MEDIUM"))
        case .ec2Package, .ecrPackage, .lambdaPackage:
            let tenths: Int
            switch draw {
            case ..<80: tenths = 90 + draw % 11
            case ..<380: tenths = 70 + draw % 20
            case ..<830: tenths = 40 + draw % 30
            case ..<960: tenths = 1 + draw % 39
            case ..<980: tenths = 0
            default: return (nil, "UNTRIAGED")
            }
            return (Double(tenths) / 10, severity(tenths: tenths))
        }
    }

    /// Same bands the collector's mapper uses, so score and severity never disagree.
    private static func severity(tenths: Int) -> String {
        switch tenths {
        case 90...: return "CRITICAL"
        case 70...: return "HIGH"
        case 40...: return "MEDIUM"
        case 1...: return "LOW"
        default: return "INFORMATIONAL"
        }
    }
}

/// Sixteen lowercase hex digits, zero padded.
func hex16(_ value: UInt64) -> String {
    // Written straight into the string's storage: ARNs and resource ids need several per finding.
    String(unsafeUninitializedCapacity: 16) { buffer in
        let digits: StaticString = "0123456789abcdef"
        for position in 0..<16 {
            let nibble = Int((value >> UInt64(60 - position * 4)) & 0xF)
            buffer[position] = digits.utf8Start[nibble]
        }
        return 16
    }
}
