import JSONBytes

/// The affected resource (the finding's first `resources` entry), as an asset the SIEM can correlate.
struct NormalizedAsset {
    let uid: JSONValue?
    let type: JSONValue?
    let assetClass: String
    let cloudResourceType: String?
    let name: JSONValue?
    let region: JSONValue?
    let partition: JSONValue?
    let platform: JSONValue?
    let ipv4: [JSONValue]
    let ipv6: [JSONValue]
    let imageTags: [JSONValue]
    let imageHash: JSONValue?
    let repository: JSONValue?

    init?(_ resource: JSONValue) {
        guard resource.kind == .object else { return nil }
        uid = resource["id"].ofKind(.string)
        type = resource["type"].ofKind(.string)
        (assetClass, cloudResourceType) = NormalizedAsset.classify(type)
        region = resource["region"].ofKind(.string)
        partition = resource["partition"].ofKind(.string)
        let details = resource["details"]
        let ec2 = details?["awsEc2Instance"].ofKind(.object)
        let ecr = details?["awsEcrContainerImage"].ofKind(.object)
        let lambda = details?["awsLambdaFunction"].ofKind(.object)
        let codeRepository = details?["codeRepository"].ofKind(.object)
        platform = ec2?["platform"].ofKind(.string) ?? ecr?["platform"].ofKind(.string)
        ipv4 = ec2?["ipV4Addresses"]?.elements.filter { $0.kind == .string } ?? []
        ipv6 = ec2?["ipV6Addresses"]?.elements.filter { $0.kind == .string } ?? []
        imageTags = ecr?["imageTags"]?.elements.filter { $0.kind == .string } ?? []
        imageHash = ecr?["imageHash"].ofKind(.string)
        repository = ecr?["repositoryName"].ofKind(.string) ?? codeRepository?["projectName"].ofKind(.string)
        name = resource["tags"]?["Name"].ofKind(.string)
            ?? lambda?["functionName"].ofKind(.string)
            ?? repository
    }

    /// Asset class and CloudFormation resource type per resource type: EC2 → Device, ECR image → Container,
    /// everything else (Lambda, repositories) → Resource.
    private static func classify(_ type: JSONValue?) -> (String, String?) {
        guard let type else { return ("Resource", nil) }
        if type.isString("AWS_EC2_INSTANCE") { return ("Device", "AWS::EC2::Instance") }
        if type.isString("AWS_ECR_CONTAINER_IMAGE") { return ("Container", "AWS::ECR::ContainerImage") }
        if type.isString("AWS_LAMBDA_FUNCTION") { return ("Resource", "AWS::Lambda::Function") }
        if type.isString("AWS_ECR_REPOSITORY") { return ("Resource", "AWS::ECR::Repository") }
        return ("Resource", nil)
    }
}
