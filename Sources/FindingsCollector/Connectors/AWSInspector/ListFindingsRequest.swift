import JSONBytes

/// The body of one `POST /findings/list` call. The filter is built once per listing and reused verbatim on
/// every page: changing it between pages invalidates `nextToken` (400 ValidationException).
public struct ListFindingsRequest: Sendable {
    public static let path = "/findings/list"
    public static let maxPageSize = 100

    let filterCriteria: JSONValue
    let maxResults: Int

    /// `extraCriteria` is the operator's `filter_criteria` object; `updatedAt` is always ours.
    public init(window: TimeWindow, extraCriteria: JSONValue?, maxResults: Int = ListFindingsRequest.maxPageSize) {
        var writer = JSONWriter(reservingCapacity: 256)
        writer.beginObject()
        for (key, value) in extraCriteria?.members ?? [] where key != "updatedAt" {
            writer.key(key)
            writer.raw(value)
        }
        writer.key("updatedAt")
        writer.beginArray()
        writer.beginObject()
        writer.key("startInclusive")
        writer.number(window.start)
        writer.key("endInclusive")
        writer.number(window.end)
        writer.endObject()
        writer.endArray()
        writer.endObject()
        // Our own writer's output is valid JSON by construction.
        self.filterCriteria = try! JSONValue.parse(writer.bytes)
        self.maxResults = maxResults
    }

    public func body(nextToken: String?) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: filterCriteria.rawBytes.count + 64 + (nextToken?.utf8.count ?? 0))
        writer.beginObject()
        writer.key("filterCriteria")
        writer.raw(filterCriteria)
        writer.key("maxResults")
        writer.number(Int64(maxResults))
        if let nextToken {
            writer.key("nextToken")
            writer.string(nextToken)
        }
        writer.endObject()
        return writer.bytes
    }
}
