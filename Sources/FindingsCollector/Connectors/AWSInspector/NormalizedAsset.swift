import JSONBytes

/// The affected resource (the finding's first `resources` entry), as an asset the SIEM can correlate.
/// Nodes of the mapper's `JSONView`, like `NormalizedFinding`.
///
/// Inspector describes a resource with an AWS-specific detail object (`awsEc2Instance`,
/// `awsEcrContainerImage`, `awsLambdaFunction`) or, for resources outside AWS (an Azure virtual machine),
/// a provider-agnostic one (`vm`, `image`, `serverlessFunction`). Both are read the same way: the agnostic
/// object is used only when the AWS one is absent.
struct NormalizedAsset {
    /// What the resource is, from its `type` (or, for a type the collector does not know, from which
    /// detail object it has): decides the asset class and the name fallback.
    enum Kind {
        case instance, image, function, repository, other
    }

    let view: JSONView
    let uid: JSONNode?
    let type: JSONNode?
    let kind: Kind
    let cloudResourceType: StaticString?
    let name: JSONNode?
    let region: JSONNode?
    let partition: JSONNode?
    let tags: JSONNode?
    /// Members of the instance (`awsEc2Instance` or `vm`), image and function objects, in the order of
    /// `instanceNames`, `imageNames` and `functionNames`.
    let instance: JSONMemberSlots
    let image: JSONMemberSlots
    let function: JSONMemberSlots
    let codeRepository: JSONNode?

    private static let resourceNames = JSONKeySet(["id", "type", "region", "partition", "details", "tags"])
    private static let detailNames = JSONKeySet(["awsEc2Instance", "awsEcrContainerImage", "awsLambdaFunction",
                                                 "codeRepository", "vm", "image", "serverlessFunction"])
    static let instanceNames = JSONKeySet(["platform", "ipV4Addresses", "ipV6Addresses", "type", "imageId",
                                           "keyName", "iamInstanceProfileArn", "vpcId", "subnetId", "launchedAt",
                                           "vmName"])
    static let imageNames = JSONKeySet(["platform", "imageTags", "imageHash", "repositoryName", "pushedAt", "author",
                                        "architecture", "registry", "inUseCount", "lastInUseAt"])
    static let functionNames = JSONKeySet(["functionName", "runtime", "executionRoleArn", "layers", "vpcConfig",
                                           "packageType", "architectures", "lastModifiedAt", "version"])

    init?(_ resource: JSONNode, in view: JSONView) {
        guard view.kind(resource) == .object else { return nil }
        let resourceMember = view.members(of: resource, Self.resourceNames)
        self.view = view
        uid = view.ofKind(resourceMember[0], .string)
        type = view.ofKind(resourceMember[1], .string)
        region = view.ofKind(resourceMember[2], .string)
        partition = view.ofKind(resourceMember[3], .string)
        tags = view.ofKind(resourceMember[5], .object)
        let detail = view.members(of: resourceMember[4], Self.detailNames)
        let instanceObject = view.ofKind(detail[0], .object) ?? view.ofKind(detail[4], .object)
        let imageObject = view.ofKind(detail[1], .object) ?? view.ofKind(detail[5], .object)
        let functionObject = view.ofKind(detail[2], .object) ?? view.ofKind(detail[6], .object)
        codeRepository = view.ofKind(detail[3], .object)
        instance = view.members(of: instanceObject, Self.instanceNames)
        image = view.members(of: imageObject, Self.imageNames)
        function = view.members(of: functionObject, Self.functionNames)
        (kind, cloudResourceType) = Self.classify(type, in: view, instance: instanceObject, image: imageObject,
                                                  function: functionObject)
        name = view.member(tags, "Name", ofKind: .string) ?? Self.fallbackName(kind, uid: uid, view: view,
            instance: instance, image: image, function: function, codeRepository: codeRepository)
    }

    /// Asset class: EC2 instances and VMs are Devices, images Containers, everything else a Resource.
    var assetClass: StaticString {
        switch kind {
        case .instance: return "Device"
        case .image: return "Container"
        case .function, .repository, .other: return "Resource"
        }
    }

    /// The repository an image or a code finding belongs to.
    var repository: JSONNode? {
        view.ofKind(image[3], .string) ?? view.member(codeRepository, "projectName", ofKind: .string)
    }

    /// The name when the resource has no `Name` tag, by kind (the README documents this order): an instance
    /// its VM name, an image its repository, a function its function name, a repository its repository
    /// name; then, for every kind, the resource id. Never another kind's name: an EC2 instance that also
    /// carries image details is not named after the image's repository.
    private static func fallbackName(_ kind: Kind, uid: JSONNode?, view: JSONView, instance: JSONMemberSlots,
                                     image: JSONMemberSlots, function: JSONMemberSlots,
                                     codeRepository: JSONNode?) -> JSONNode? {
        let own: JSONNode?
        switch kind {
        case .instance: own = view.ofKind(instance[10], .string)
        case .image: own = view.ofKind(image[3], .string)
        case .function: own = view.ofKind(function[0], .string)
        case .repository:
            own = view.ofKind(image[3], .string) ?? view.member(codeRepository, "projectName", ofKind: .string)
        case .other: own = nil
        }
        return own ?? uid
    }

    /// Kind and CloudFormation resource type per Inspector resource type; a type outside AWS's list (an
    /// Azure `Microsoft.Compute/virtualMachines`) is classified by its detail object and has no
    /// CloudFormation type.
    private static func classify(_ type: JSONNode?, in view: JSONView, instance: JSONNode?, image: JSONNode?,
                                 function: JSONNode?) -> (Kind, StaticString?) {
        if view.isString(type, "AWS_EC2_INSTANCE") { return (.instance, "AWS::EC2::Instance") }
        if view.isString(type, "AWS_ECR_CONTAINER_IMAGE") { return (.image, "AWS::ECR::ContainerImage") }
        if view.isString(type, "AWS_LAMBDA_FUNCTION") { return (.function, "AWS::Lambda::Function") }
        if view.isString(type, "AWS_ECR_REPOSITORY") { return (.repository, "AWS::ECR::Repository") }
        if view.isString(type, "CODE_REPOSITORY") { return (.repository, nil) }
        if instance != nil { return (.instance, nil) }
        if image != nil { return (.image, nil) }
        if function != nil { return (.function, nil) }
        return (.other, nil)
    }
}
