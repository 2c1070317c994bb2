/// Reads a connector's `partitions` section:
/// `{"by": ["severity", "resource_type"], "aws_account_ids": ["123456789012"], "max_concurrency": 4}`.
enum PartitionReader {
    static func read(_ reader: ConfigReader, filterCriteria: ConfigReader?) -> PartitionConfig? {
        let names = reader.stringArray("by") ?? []
        if !reader.has("by") { reader.report("by", "missing (required): severity, resource_type, finding_type or aws_account_id") }
        let accounts = reader.stringArray("aws_account_ids")
        let maxConcurrency = reader.int("max_concurrency", default: 4, range: 1...64)
        var dimensions: [(ListingPartitions.Dimension, [String])] = []
        for (index, name) in names.enumerated() {
            let path = "\(reader.keyPath("by"))[\(index)]"
            guard let dimension = ListingPartitions.Dimension(rawValue: name) else {
                reader.problems.add(path, "unknown dimension \"\(name)\"; use \(ListingPartitions.Dimension.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            if dimensions.contains(where: { $0.0 == dimension }) {
                reader.problems.add(path, "\"\(name)\" is listed twice")
                continue
            }
            if filterCriteria?.has(dimension.criteriaField) == true {
                reader.problems.add(path, "filter_criteria already filters on \(dimension.criteriaField); partition on another dimension")
                continue
            }
            var values = dimension.knownValues
            if dimension == .awsAccountId {
                guard let accounts, !accounts.isEmpty else {
                    reader.report("aws_account_ids", "list the member account ids to partition by aws_account_id")
                    continue
                }
                guard accounts.count <= ListingPartitions.maxValuesPerField else {
                    reader.report("aws_account_ids", "at most \(ListingPartitions.maxValuesPerField): Inspector2 takes at most "
                                  + "\(ListingPartitions.maxValuesPerField) filters per field, and the catch-all slice must exclude them all")
                    continue
                }
                for (position, account) in accounts.enumerated() where !ConfigPatterns.matches(account, "^[0-9]{12}$") {
                    reader.problems.add("\(reader.keyPath("aws_account_ids"))[\(position)]", "not a 12-digit AWS account id")
                }
                values = accounts
            }
            dimensions.append((dimension, values))
        }
        if accounts != nil, !names.contains(ListingPartitions.Dimension.awsAccountId.rawValue) {
            reader.report("aws_account_ids", "only used when \"by\" lists aws_account_id")
        }
        reader.rejectUnknownKeys()
        return dimensions.isEmpty ? nil : PartitionConfig(dimensions: dimensions, maxConcurrency: maxConcurrency)
    }
}
