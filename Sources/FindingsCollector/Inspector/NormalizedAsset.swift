import JSONBytes

/// The affected resource (the finding's first `resources` entry), as an asset the SIEM can correlate.
/// Nodes of the mapper's `JSONView`, like `NormalizedFinding`.
struct NormalizedAsset {
    let uid: JSONNode?
    let type: JSONNode?
    let assetClass: StaticString
    let cloudResourceType: StaticString?
    let name: JSONNode?
    let region: JSONNode?
    let partition: JSONNode?
    let platform: JSONNode?
    /// Arrays; only their string elements are written.
    let ipv4: JSONNode?
    let ipv6: JSONNode?
    let imageTags: JSONNode?
    let imageHash: JSONNode?
    let repository: JSONNode?

    private static let resourceNames = JSONKeySet(["id", "type", "region", "partition", "details", "tags"])
    private static let detailNames = JSONKeySet(["awsEc2Instance", "awsEcrContainerImage", "awsLambdaFunction",
                                                 "codeRepository"])
    private static let ec2Names = JSONKeySet(["platform", "ipV4Addresses", "ipV6Addresses"])
    private static let ecrNames = JSONKeySet(["platform", "imageTags", "imageHash", "repositoryName"])

    init?(_ resource: JSONNode, in view: JSONView) {
        guard view.kind(resource) == .object else { return nil }
        let (id, type, region, partition, details, tags) = view.withMembers(of: resource, Self.resourceNames) {
            ($0[0], $0[1], $0[2], $0[3], $0[4], $0[5])
        }
        uid = view.ofKind(id, .string)
        self.type = view.ofKind(type, .string)
        (assetClass, cloudResourceType) = NormalizedAsset.classify(self.type, in: view)
        self.region = view.ofKind(region, .string)
        self.partition = view.ofKind(partition, .string)
        let (ec2, ecr, lambda, codeRepository) = view.withMembers(of: details, Self.detailNames) {
            (view.ofKind($0[0], .object), view.ofKind($0[1], .object), view.ofKind($0[2], .object), view.ofKind($0[3], .object))
        }
        let (ec2Platform, ipv4, ipv6) = view.withMembers(of: ec2, Self.ec2Names) {
            (view.ofKind($0[0], .string), view.ofKind($0[1], .array), view.ofKind($0[2], .array))
        }
        let (ecrPlatform, imageTags, imageHash, repositoryName) = view.withMembers(of: ecr, Self.ecrNames) {
            (view.ofKind($0[0], .string), view.ofKind($0[1], .array), view.ofKind($0[2], .string), view.ofKind($0[3], .string))
        }
        platform = ec2Platform ?? ecrPlatform
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.imageTags = imageTags
        self.imageHash = imageHash
        repository = repositoryName ?? view.member(codeRepository, "projectName", ofKind: .string)
        name = view.member(tags, "Name", ofKind: .string)
            ?? view.member(lambda, "functionName", ofKind: .string)
            ?? repository
    }

    /// Asset class and CloudFormation resource type per resource type: EC2 → Device, ECR image → Container,
    /// everything else (Lambda, repositories) → Resource.
    private static func classify(_ type: JSONNode?, in view: JSONView) -> (StaticString, StaticString?) {
        guard let type else { return ("Resource", nil) }
        if view.isString(type, "AWS_EC2_INSTANCE") { return ("Device", "AWS::EC2::Instance") }
        if view.isString(type, "AWS_ECR_CONTAINER_IMAGE") { return ("Container", "AWS::ECR::ContainerImage") }
        if view.isString(type, "AWS_LAMBDA_FUNCTION") { return ("Resource", "AWS::Lambda::Function") }
        if view.isString(type, "AWS_ECR_REPOSITORY") { return ("Resource", "AWS::ECR::Repository") }
        return ("Resource", nil)
    }
}
