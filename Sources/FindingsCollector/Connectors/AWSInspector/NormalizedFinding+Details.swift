import JSONBytes

// The finding-type details of `normalized`: packages (package vulnerabilities), port and path (network
// reachability), file and detector (code vulnerabilities), and the remediation they suggest.
extension NormalizedFinding {
    /// Read from each vulnerable package, in this order.
    static let packageMemberNames = JSONKeySet(["name", "version", "release", "epoch", "arch", "fixedInVersion",
                                                "packageManager", "filePath", "remediation", "sourceLayerHash",
                                                "sourceLambdaLayerArn"])
    /// Read from `codeVulnerabilityDetails`, in this order.
    static let codeMemberNames = JSONKeySet(["filePath", "detectorName", "detectorId", "ruleId", "detectorTags",
                                             "cwes", "sourceLambdaLayerArn"])

    /// Read from `networkReachabilityDetails`, from its `openPortRange`, and from each step of its
    /// `networkPath`, in these orders.
    static let networkMemberNames = JSONKeySet(["openPortRange", "protocol", "networkPath"])
    static let portRangeNames = JSONKeySet(["begin", "end"])
    static let stepMemberNames = JSONKeySet(["componentId", "componentType", "componentArn"])
    /// Read from `codeVulnerabilityDetails.filePath`, in this order.
    static let filePathNames = JSONKeySet(["filePath", "startLine", "endLine"])

    /// The recommendation text; when Inspector gives none (absent, or its placeholder "None Provided"),
    /// the first vulnerable package's own remediation (e.g. "apt-get update && apt-get upgrade").
    var remediation: JSONNode? {
        if let remediationText, !view.isString(remediationText, "None Provided") { return remediationText }
        var packageRemediation: JSONNode?
        view.forEachElement(view.ofKind(vulnerablePackages, .array)) { package in
            if packageRemediation == nil { packageRemediation = view.member(package, "remediation", ofKind: .string) }
        }
        return packageRemediation ?? remediationText
    }

    /// Every package with what tells versions apart: an installed 2.6.0 release 10.amzn2.0.5 is older than
    /// "fixed in 0:2.6.0-10.amzn2.0.6", which `version` alone cannot show.
    func writePackages(into writer: inout JSONWriter, compact: Bool) {
        guard let packages = view.ofKind(vulnerablePackages, .array),
              view.count(packages) > 0 else { return }
        let view = self.view
        writer.beginArray("packages")
        view.forEachElement(packages) { package in
            guard view.kind(package) == .object else { return }
            let member = view.members(of: package, NormalizedFinding.packageMemberNames)
            writer.beginObject()
            writer.field("name", raw: view.ofKind(member[0], .string), in: view)
            writer.field("version", raw: view.ofKind(member[1], .string), in: view)
            writer.field("release", raw: view.ofKind(member[2], .string), in: view)
            writer.field("epoch", raw: view.ofKind(member[3], .number), in: view)
            writer.field("arch", raw: view.ofKind(member[4], .string), in: view)
            writer.field("fixed_in_version", raw: view.ofKind(member[5], .string), in: view)
            writer.field("package_manager", raw: view.ofKind(member[6], .string), in: view)
            if !compact {
                writer.field("file_path", raw: view.ofKind(member[7], .string), in: view)
                writer.field("remediation", raw: view.ofKind(member[8], .string), in: view)
                writer.field("source_layer_hash", raw: view.ofKind(member[9], .string), in: view)
                writer.field("source_layer_arn", raw: view.ofKind(member[10], .string), in: view)
            }
            writer.endObject()
        }
        writer.endArray()
    }

    /// Port range, protocol and the path from the internet to the resource, one step per component.
    func writeNetwork(into writer: inout JSONWriter, compact: Bool) {
        guard let network else { return }
        let member = view.members(of: network, Self.networkMemberNames)
        let range = view.members(of: member[0], Self.portRangeNames)
        writer.field("port", raw: view.ofKind(range[0], .number), in: view)
        writer.field("port_end", raw: view.ofKind(range[1], .number), in: view)
        writer.field("protocol", raw: view.ofKind(member[1], .string), in: view)
        let steps = view.member(member[2], "steps", ofKind: .array)
        guard !compact, let steps, view.count(steps) > 0 else { return }
        let view = self.view
        writer.beginArray("network_path")
        view.forEachElement(steps) { step in
            guard view.kind(step) == .object else { return }
            let component = view.members(of: step, NormalizedFinding.stepMemberNames)
            writer.beginObject()
            writer.field("component_id", raw: view.ofKind(component[0], .string), in: view)
            writer.field("component_type", raw: view.ofKind(component[1], .string), in: view)
            writer.field("component_arn", raw: view.ofKind(component[2], .string), in: view)
            writer.endObject()
        }
        writer.endArray()
    }

    /// Where in the code, and which detector and rule found it.
    func writeCode(into writer: inout JSONWriter, compact: Bool) {
        guard let code else { return }
        let member = view.members(of: code, Self.codeMemberNames)
        let filePath = view.members(of: member[0], Self.filePathNames)
        writer.field("code_file", raw: view.ofKind(filePath[0], .string), in: view)
        writer.field("code_line", raw: view.ofKind(filePath[1], .number), in: view)
        writer.field("code_line_end", raw: view.ofKind(filePath[2], .number), in: view)
        writer.field("code_layer_arn", raw: view.ofKind(member[6], .string), in: view)
        writer.field("detector_name", raw: view.ofKind(member[1], .string), in: view)
        writer.field("detector_id", raw: view.ofKind(member[2], .string), in: view)
        writer.field("rule_id", raw: view.ofKind(member[3], .string), in: view)
        if !compact { writeStrings("detector_tags", of: member[4], into: &writer, view: view) }
        writeStrings("cwes", of: member[5], into: &writer, view: view)
    }
}
