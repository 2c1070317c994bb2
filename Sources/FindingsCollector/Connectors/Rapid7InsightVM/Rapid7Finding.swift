import JSONBytes

/// One finding of a Rapid7 asset, as the mapper fans an asset out: the finding object, the asset it was
/// listed under, and the vulnerability definition it refers to. All three stay the parsed page documents
/// (no copy); the record splices them.
public struct Rapid7Finding: Sendable {
    /// Which of the asset's arrays the finding was listed in.
    public enum Listing: Sendable, Equatable {
        /// Found since the comparison time.
        case new
        /// Found before and still present (listed with `includeSame=true`).
        case same
        /// Found before and no longer present: the record's status is Fixed.
        case remediated
    }

    /// The asset object as the API sent it (its `new`, `same` and `remediated` arrays included).
    public var asset: JSONValue
    /// The finding object, an element of one of the asset's arrays.
    public var finding: JSONValue
    /// The vulnerability definition the finding's `vulnerability_id` names; nil when the page has none.
    public var definition: JSONValue?
    public var listing: Listing

    public init(asset: JSONValue, finding: JSONValue, definition: JSONValue?, listing: Listing) {
        self.asset = asset
        self.finding = finding
        self.definition = definition
        self.listing = listing
    }
}
