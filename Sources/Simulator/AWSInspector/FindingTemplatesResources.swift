import FindingsCollector
import Foundation

/// The `resources[0]` block. Resources come from a fixed pool per shape, so many findings share an
/// instance, image or function the way they do in a real account.
extension FindingTemplates {
    func writeResource(_ json: inout FindingJSONWriter) {
        switch traits.shape {
        case .ec2Package, .ec2Network: writeInstance(&json)
        case .ecrPackage: writeImage(&json)
        case .lambdaPackage, .lambdaCode: writeFunction(&json)
        }
    }

    private var account: String { traits.accountId }
    private var resourceNumber: Int { draw(.instance, 5_000) }
    private var role: String { FindingVocabulary.roles[resourceNumber % FindingVocabulary.roles.count] }
    private var environment: String {
        FindingVocabulary.environments[(resourceNumber / 8) % FindingVocabulary.environments.count]
    }
    private var team: String { FindingVocabulary.teams[(resourceNumber / 3) % FindingVocabulary.teams.count] }
    private var resourceHash: UInt64 { simulatorMix(UInt64(resourceNumber) ^ 0xE5) }

    private func writeCommon(_ json: inout FindingJSONWriter, id: String, type: String, name: String?) {
        json.field("id", id)
        json.field("partition", "aws")
        json.field("region", region)
        json.key("tags"); json.beginObject()
        // One in ten instances has no Name tag, so the mapper's fallback for the asset name is exercised.
        if let name { json.key("Name"); json.string(name) }
        json.field("Environment", environment)
        json.field("Team", team)
        json.dynamicKey("cost-center"); json.string("cc-\(1_000 + resourceNumber % 50)")
        json.endObject()
        json.field("type", type)
    }

    private func writeInstance(_ json: inout FindingJSONWriter) {
        let number = resourceNumber
        let id = "i-0" + hex16(resourceHash)
        json.beginObject()
        json.key("details"); json.beginObject()
        json.key("awsEc2Instance"); json.beginObject()
        json.field("iamInstanceProfileArn", "arn:aws:iam::\(account):instance-profile/\(role)-profile")
        json.field("imageId", "ami-0" + hex16(simulatorMix(UInt64(number % 40))))
        let privateIP = "10.\(number / 256 % 256).\(number % 256).\(10 + number % 200)"
        let publicIPs = number % 3 == 0 ? ["54.\(number % 200 + 20).\(number / 7 % 256).\(number % 250 + 1)"] : []
        json.stringArray("ipV4Addresses", [privateIP] + publicIPs)
        json.stringArray("ipV6Addresses", number % 4 == 0 ? ["2600:1f18:\(String(number, radix: 16)):4a00::\(String(number % 97, radix: 16))"] : [])
        json.field("keyName", "\(environment)-ops-key")
        json.field("launchedAt", traits.firstObservedAt - Double(number % 300) * 3_600)
        json.field("platform", FindingVocabulary.ec2Platforms[number % FindingVocabulary.ec2Platforms.count])
        json.field("subnetId", "subnet-0" + hex16(simulatorMix(UInt64(number % 24) ^ 0x5B)))
        json.field("type", FindingVocabulary.instanceTypes[number % FindingVocabulary.instanceTypes.count])
        json.field("vpcId", "vpc-0" + hex16(simulatorMix(UInt64(number % 6) ^ 0x7C)))
        json.endObject(); json.endObject()
        writeCommon(&json, id: id, type: "AWS_EC2_INSTANCE", name: number % 10 == 9 ? nil : "\(role)-\(environment)-\(number)")
        json.endObject()
    }

    private func writeImage(_ json: inout FindingJSONWriter) {
        let number = resourceNumber
        let repository = "\(team)/\(role)"
        let hash = "sha256:" + (0..<4).map { hex16(simulatorMix(resourceHash &+ UInt64($0))) }.joined()
        json.beginObject()
        json.key("details"); json.beginObject()
        json.key("awsEcrContainerImage"); json.beginObject()
        json.field("architecture", number % 5 == 0 ? "arm64" : "amd64")
        json.field("author", "build-bot <ci@\(team).example.com>")
        json.field("imageHash", hash)
        let tags = ["v\(number % 9 + 1).\(number % 23).\(number % 7)", "build-\(10_000 + number)"]
        json.stringArray("imageTags", number % 6 == 0 ? tags + ["latest"] : tags)
        json.field("inUseCount", number % 12)
        json.field("lastInUseAt", traits.lastObservedAt - Double(number % 48) * 3_600)
        json.field("platform", FindingVocabulary.ecrPlatforms[number % FindingVocabulary.ecrPlatforms.count])
        json.field("pushedAt", traits.firstObservedAt - Double(number % 30) * 86_400)
        json.field("registry", account)
        json.field("repositoryName", repository)
        json.endObject(); json.endObject()
        writeCommon(&json, id: "arn:aws:ecr:\(region):\(account):repository/\(repository)/\(hash)",
                    type: "AWS_ECR_CONTAINER_IMAGE", name: nil)
        json.endObject()
    }

    private func writeFunction(_ json: inout FindingJSONWriter) {
        let number = resourceNumber
        let name = "\(team)-\(role)-\(number)"
        let runtime = FindingVocabulary.runtimes[number % FindingVocabulary.runtimes.count]
        json.beginObject()
        json.key("details"); json.beginObject()
        json.key("awsLambdaFunction"); json.beginObject()
        json.stringArray("architectures", [number % 4 == 0 ? "ARM64" : "X86_64"])
        let digest = (0..<2).map { hex16(simulatorMix(resourceHash ^ UInt64($0))) }.joined()
        json.field("codeSha256", Data(digest.utf8).base64EncodedString())
        json.field("executionRoleArn", "arn:aws:iam::\(account):role/\(name)-role")
        json.field("functionName", name)
        json.field("lastModifiedAt", traits.firstObservedAt - Double(number % 60) * 86_400)
        let layerCount = draw(.layers, 3)
        json.stringArray("layers", (0..<layerCount).map { "arn:aws:lambda:\(region):\(account):layer:\(team)-layer-\($0):\(number % 9 + 1)" })
        json.field("packageType", "ZIP")
        json.field("runtime", runtime)
        json.field("version", "$LATEST")
        json.endObject(); json.endObject()
        writeCommon(&json, id: "arn:aws:lambda:\(region):\(account):function:\(name):$LATEST",
                    type: "AWS_LAMBDA_FUNCTION", name: nil)
        json.endObject()
    }
}
