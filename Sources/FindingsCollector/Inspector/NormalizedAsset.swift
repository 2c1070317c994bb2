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
        let resourceMember = view.members(of: resource, Self.resourceNames)
        let (details, tags) = (resourceMember[4], resourceMember[5])
        uid = view.ofKind(resourceMember[0], .string)
        type = view.ofKind(resourceMember[1], .string)
        (assetClass, cloudResourceType) = NormalizedAsset.classify(type, in: view)
        region = view.ofKind(resourceMember[2], .string)
        partition = view.ofKind(resourceMember[3], .string)
        let detail = view.members(of: details, Self.detailNames)
        let ec2 = view.ofKind(detail[0], .object), ecr = view.ofKind(detail[1], .object)
        let lambda = view.ofKind(detail[2], .object), codeRepository = view.ofKind(detail[3], .object)
        let ec2Member = view.members(of: ec2, Self.ec2Names)
        let ecrMember = view.members(of: ecr, Self.ecrNames)
        let ec2Platform = view.ofKind(ec2Member[0], .string), ecrPlatform = view.ofKind(ecrMember[0], .string)
        ipv4 = view.ofKind(ec2Member[1], .array)
        ipv6 = view.ofKind(ec2Member[2], .array)
        imageTags = view.ofKind(ecrMember[1], .array)
        imageHash = view.ofKind(ecrMember[2], .string)
        let repositoryName = view.ofKind(ecrMember[3], .string)
        platform = ec2Platform ?? ecrPlatform
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
