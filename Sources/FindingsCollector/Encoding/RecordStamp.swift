/// Where a record comes from: stamped on every record a connector emits.
public struct RecordStamp: Sendable, Equatable {
    /// The SIEM tenant; written as both `tenant` and `tenantid`.
    public var tenant: String
    /// The connector's configured name.
    public var connector: String

    /// Creates a stamp for `tenant` and `connector`.
    public init(tenant: String, connector: String) {
        self.tenant = tenant
        self.connector = connector
    }
}
