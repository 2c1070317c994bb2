import FindingsCollector
import Foundation

/// The type-specific detail blocks: package vulnerabilities, network reachability, code vulnerabilities.
extension FindingTemplates {
    /// One to eight distinct packages; more packages is the main way findings grow towards 6 KiB.
    func choosePackages() -> [PackageTemplate] {
        let pool: [PackageTemplate]
        switch traits.shape {
        case .ec2Package: pool = FindingVocabulary.osPackages
        case .ecrPackage:
            pool = draw(.source, 2) == 0 ? FindingVocabulary.osPackages : FindingVocabulary.libraryPackages
        default: pool = FindingVocabulary.libraryPackages
        }
        let count = 1 + draw(.packageCount, 8)
        let start = draw(.packageStart, pool.count)
        return (0..<count).map { pool[(start + $0) % pool.count] }
    }

    func writePackageDetails(_ json: inout FindingJSONWriter) {
        let cve = cveId
        let score = traits.score ?? 5.0
        let source = FindingVocabulary.vulnerabilitySources[draw(.source, FindingVocabulary.vulnerabilitySources.count)]
        json.key("packageVulnerabilityDetails"); json.beginObject()
        json.key("cvss"); json.beginArray()
        for (offset, cvssSource) in ["NVD", source].enumerated() where offset == 0 || source != "NVD" {
            json.beginObject()
            json.field("baseScore", max(0, score - Double(offset) * 0.5))
            json.field("scoringVector", FindingVocabulary.cvssVectors[(draw(.cve, 5) + offset) % 5])
            json.field("source", cvssSource)
            json.field("version", "3.1")
            json.endObject()
        }
        json.endArray()
        json.stringArray("referenceUrls", ["https://nvd.nist.gov/vuln/detail/\(cve)",
                                           "https://www.cve.org/CVERecord?id=\(cve)"])
        let relatedCount = draw(.related, 4)
        json.stringArray("relatedVulnerabilities", (0..<relatedCount).map { "ALAS2-2023-\(2_000 + draw(.related, 900, variant: UInt64($0) + 1))" })
        json.field("source", source)
        json.field("sourceUrl", "https://nvd.nist.gov/vuln/detail/\(cve)")
        json.field("vendorCreatedAt", traits.firstObservedAt - 20 * 86_400)
        json.field("vendorSeverity", traits.severity == "UNTRIAGED" ? "Unknown" : traits.severity.capitalized)
        json.field("vendorUpdatedAt", traits.firstObservedAt - 2 * 86_400)
        json.field("vulnerabilityId", cve)
        json.key("vulnerablePackages"); json.beginArray()
        for package in packageList { writePackage(&json, package) }
        json.endArray()
        json.endObject()
    }

    private func writePackage(_ json: inout FindingJSONWriter, _ package: PackageTemplate) {
        json.raw(fixAvailable == "NO" ? package.openJSONWithoutFix : package.openJSONWithFix)
        if traits.shape == .lambdaPackage, draw(.layers, 3) == 0 {
            json.field("sourceLambdaLayerArn", "arn:aws:lambda:\(region):\(traits.accountId):layer:shared-libs:3")
        }
        json.endObject()
    }

    func writeNetworkDetails(_ json: inout FindingJSONWriter) {
        let port = FindingVocabulary.ports[draw(.port, FindingVocabulary.ports.count)]
        let resource = UInt64(draw(.instance, 5_000))
        json.key("networkReachabilityDetails"); json.beginObject()
        json.key("networkPath"); json.beginObject()
        json.key("steps"); json.beginArray()
        let steps: [(prefix: String, type: String)] = [("igw", "IGW"), ("acl", "NACL"), ("sg", "SECURITY_GROUP"), ("eni", "ENI")]
        for (offset, step) in steps.enumerated() {
            let id = "\(step.prefix)-0" + hex16(simulatorMix(resource &* 8 &+ UInt64(offset)))
            json.beginObject()
            json.field("componentArn", "arn:aws:ec2:\(region):\(traits.accountId):\(step.type.lowercased())/\(id)")
            json.field("componentId", id)
            json.field("componentType", step.type)
            json.endObject()
        }
        json.endArray(); json.endObject()
        json.key("openPortRange"); json.beginObject()
        json.field("begin", port); json.field("end", port); json.endObject()
        json.field("protocol", "TCP")
        json.endObject()
    }

    func writeCodeDetails(_ json: inout FindingJSONWriter) {
        let cwe = FindingVocabulary.cwes[draw(.cwe, FindingVocabulary.cwes.count)]
        let slug = cwe.name.lowercased().replacingOccurrences(of: " ", with: "-")
        let startLine = 10 + draw(.line, 400)
        json.key("codeVulnerabilityDetails"); json.beginObject()
        json.stringArray("cwes", [cwe.id])
        json.field("detectorId", "python/\(slug)@v1.0")
        json.field("detectorName", cwe.name)
        json.stringArray("detectorTags", ["injection", "owasp-top10", "top25-cwes", "security", "python"])
        json.key("filePath"); json.beginObject()
        json.field("endLine", startLine + 6)
        json.field("fileName", "handler.py")
        json.field("filePath", "src/app/handlers/handler.py")
        json.field("startLine", startLine)
        json.endObject()
        json.stringArray("referenceUrls", ["https://cwe.mitre.org/data/definitions/\(cwe.id.dropFirst(4)).html",
                                           "https://owasp.org/www-community/attacks/",
                                           "https://docs.aws.amazon.com/codeguru/detector-library/python/\(slug)/"])
        json.field("ruleId", "python-\(slug)")
        json.endObject()
    }
}
