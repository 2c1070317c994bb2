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

    init?(_ resource: JSONNode, in view: JSONView) {
        guard view.kind(resource) == .object else { return nil }
        uid = view.member(resource, "id", ofKind: .string)
        type = view.member(resource, "type", ofKind: .string)
        (assetClass, cloudResourceType) = NormalizedAsset.classify(type, in: view)
        region = view.member(resource, "region", ofKind: .string)
        partition = view.member(resource, "partition", ofKind: .string)
        let details = view.member(resource, "details")
        let ec2 = view.member(details, "awsEc2Instance", ofKind: .object)
        let ecr = view.member(details, "awsEcrContainerImage", ofKind: .object)
        let lambda = view.member(details, "awsLambdaFunction", ofKind: .object)
        let codeRepository = view.member(details, "codeRepository", ofKind: .object)
        platform = view.member(ec2, "platform", ofKind: .string) ?? view.member(ecr, "platform", ofKind: .string)
        ipv4 = view.member(ec2, "ipV4Addresses", ofKind: .array)
        ipv6 = view.member(ec2, "ipV6Addresses", ofKind: .array)
        imageTags = view.member(ecr, "imageTags", ofKind: .array)
        imageHash = view.member(ecr, "imageHash", ofKind: .string)
        repository = view.member(ecr, "repositoryName", ofKind: .string)
            ?? view.member(codeRepository, "projectName", ofKind: .string)
        name = view.member(view.member(resource, "tags"), "Name", ofKind: .string)
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
