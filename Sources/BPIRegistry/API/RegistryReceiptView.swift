import BPINode

/// One receipt as the registry answers it (docs/SPEC.md §14.7): every field, and its inclusion
/// proof against the `receiptsRoot` of the verified header that finalized it.
public struct RegistryReceiptView: Codable, Sendable, Equatable {
    /// The receipt (with its height).
    public var receipt: ReceiptView
    /// Its Merkle path to the header's `receiptsRoot`, and the header's hash.
    public var proof: ReceiptProofView
}

/// A page of receipts and the cursor of the next one.
public struct RegistryPageView: Codable, Sendable, Equatable {
    /// The receipts, in chain order, each with its proof.
    public var items: [RegistryReceiptView]
    /// Pass as `after` for the next page; absent on the last page.
    public var next: String?
}

/// What the registry has indexed.
public struct RegistryStatusView: Codable, Sendable {
    /// The highest height verified and indexed.
    public var height: UInt64
    /// How many receipts are indexed.
    public var receipts: Int
}
