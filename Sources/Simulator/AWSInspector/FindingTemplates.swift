import FindingsCollector
import Foundation

/// Renders one synthetic finding as Inspector2 JSON. Members are written in the alphabetical order the
/// real service uses; which optional parts appear is decided by draws from the finding's traits.
struct FindingTemplates {
    let traits: FindingTraits
    let region: String
    /// Decided once: the title, remediation and details all list the same packages.
    private(set) var packageList: [PackageTemplate] = []
    private(set) var fixAvailable = "NO"

    init(traits: FindingTraits, region: String) {
        self.traits = traits
        self.region = region
        if isPackageFinding {
            packageList = choosePackages()
            let value = draw(.fix, 10)
            fixAvailable = value < 7 ? "YES" : (value < 9 ? "PARTIAL" : "NO")
        }
    }

    /// Salts for the independent draws the templates make; one per decision keeps them uncorrelated.
    enum Draw: UInt64 {
        case packageCount = 1, packageStart, descriptionLength, tricky, cve, related, exploit, fix, epss
        case platform, instance, role, environment, team, ipv6, tags, port, cwe, runtime, layers, source
        case imageTags, line
    }

    /// A draw in `0..<bound`; `variant` gives a second, independent draw for the same decision.
    func draw(_ what: Draw, _ bound: Int, variant: UInt64 = 0) -> Int {
        traits.draw(what.rawValue &+ variant &* 64, bound)
    }

    func render() -> [UInt8] {
        var json = FindingJSONWriter()
        json.beginObject()
        json.field("awsAccountId", traits.accountId)
        if traits.shape == .lambdaCode { writeCodeDetails(&json) }
        json.key("description"); json.raw(quotedDescription())
        if isPackageFinding {
            json.key("epss"); json.beginObject()
            json.field("score", Double(draw(.epss, 97_000) + 30) / 100_000); json.endObject()
        }
        let exploitable = isPackageFinding && draw(.exploit, 10) < 2
        json.field("exploitAvailable", exploitable ? "YES" : "NO")
        if exploitable {
            json.key("exploitabilityDetails"); json.beginObject()
            json.field("lastKnownExploitAt", traits.firstObservedAt - Double(draw(.exploit, 400) * 86_400))
            json.endObject()
        }
        json.field("findingArn", traits.arn(region: region))
        json.field("firstObservedAt", traits.firstObservedAt)
        json.field("fixAvailable", fixAvailable)
        if let score = traits.score {
            json.field("inspectorScore", score)
            writeScoreDetails(&json, score: score)
        }
        json.field("lastObservedAt", traits.lastObservedAt)
        switch traits.shape {
        case .ec2Network: writeNetworkDetails(&json)
        case .ec2Package, .ecrPackage, .lambdaPackage: writePackageDetails(&json)
        case .lambdaCode: break
        }
        writeRemediation(&json)
        json.key("resources"); json.beginArray()
        writeResource(&json)
        json.endArray()
        json.field("severity", traits.severity)
        json.field("status", traits.status)
        json.field("title", title())
        json.field("type", traits.shape.findingType)
        json.field("updatedAt", traits.updatedAt)
        json.endObject()
        return json.bytes
    }

    var isPackageFinding: Bool { traits.shape.findingType == "PACKAGE_VULNERABILITY" }

    var cveId: String {
        let value = draw(.cve, 7 * 40_000)
        return "CVE-\(2018 + value % 7)-\(10_000 + value / 7)"
    }

    /// Two to five paragraphs so sizes spread across 2–6 KiB; every eighth finding carries tricky text.
    /// Returned already quoted and escaped, from a table built once, because prose is most of the bytes.
    func quotedDescription() -> [UInt8] {
        let impacts = FindingVocabulary.impacts.count
        // Network and code findings have no package list, so they get longer prose to stay above 2 KiB.
        let minimum = isPackageFinding ? 1 : 2
        let tricky = draw(.tricky, 8) == 0 ? 1 + draw(.tricky, FindingVocabulary.trickyPhrases.count, variant: 1) : 0
        return DescriptionTable.quoted(weakness: draw(.descriptionLength, FindingVocabulary.weaknesses.count),
                                       impactCount: minimum + draw(.descriptionLength, impacts - minimum + 1, variant: 1),
                                       impactStart: traits.index % impacts, tricky: tricky)
    }

    func title() -> String {
        switch traits.shape {
        case .ec2Network:
            let port = FindingVocabulary.ports[draw(.port, FindingVocabulary.ports.count)]
            return "Port \(port) is reachable from an Internet Gateway - TCP"
        case .lambdaCode:
            let cwe = FindingVocabulary.cwes[draw(.cwe, FindingVocabulary.cwes.count)]
            return "\(cwe.id) - \(cwe.name)"
        case .ec2Package, .ecrPackage, .lambdaPackage:
            let names = packageList.prefix(3).map(\.name).joined(separator: ", ")
            let title = "\(cveId) - \(names)"
            // The tricky descriptions come with a tricky title now and then, as vendors' titles do.
            return draw(.tricky, 8) == 0 && draw(.tricky, 2, variant: 2) == 0 ? title + " — “ünïcödé”" : title
        }
    }

    func writeRemediation(_ json: inout FindingJSONWriter) {
        json.key("remediation"); json.beginObject()
        json.key("recommendation"); json.beginObject()
        switch traits.shape {
        case .ec2Network:
            json.field("text", "You can restrict access to your instance by modifying the Security Groups or ACLs in the network path.")
        case .lambdaCode:
            json.field("text", "Use parameterised queries or validated input, and never build commands from request data.")
            json.field("Url", "https://docs.aws.amazon.com/codeguru/detector-library/")
        case .ec2Package, .ecrPackage, .lambdaPackage:
            if fixAvailable == "NO" {
                json.field("text", "None Provided")
            } else {
                // "Upgrade a to 1; Upgrade b to 2." from pre-rendered pieces; package names need no escaping.
                var text: [UInt8] = [UInt8(ascii: "\"")]
                for (offset, package) in packageList.enumerated() {
                    if offset > 0 { text.append(contentsOf: "; ".utf8) }
                    text.append(contentsOf: package.upgradeAdvice)
                }
                text.append(contentsOf: ".\"".utf8)
                json.key("text"); json.raw(text)
            }
        }
        json.endObject(); json.endObject()
    }

    func writeScoreDetails(_ json: inout FindingJSONWriter, score: Double) {
        json.key("inspectorScoreDetails"); json.beginObject()
        json.key("adjustedCvss"); json.beginObject()
        json.key("adjustments"); json.beginArray()
        if draw(.source, 3) == 0 {
            json.beginObject(); json.field("metric", "AttackVector")
            json.field("reason", "Network exposure of the resource was taken into account."); json.endObject()
        }
        json.endArray()
        json.field("cvssSource", "NVD")
        json.field("score", score)
        json.field("scoreSource", "NVD")
        json.field("scoringVector", FindingVocabulary.cvssVectors[draw(.cve, FindingVocabulary.cvssVectors.count)])
        json.field("version", "3.1")
        json.endObject(); json.endObject()
    }
}
