import BPIHash

/// A page request over the registry's receipts (docs/SPEC.md §14.7): filters, a cursor and a size.
/// Pages run in chain order (height, then index in the block).
public struct ReceiptQuery: Sendable, Equatable {
    /// Only receipts under this agreement.
    public var agreement: Hash32?
    /// Only receipts of this executor (svcIDHash).
    public var executor: Hash32?
    /// Only receipts at or above this height.
    public var fromHeight: UInt64?
    /// Only receipts at or below this height.
    public var toHeight: UInt64?
    /// Start after this position (the previous page's `next`).
    public var after: RegistryCursor?
    /// Page size (1…`maxLimit`).
    public var limit: Int

    /// Largest page.
    public static let maxLimit = 1_000

    /// A query.
    public init(
        agreement: Hash32? = nil, executor: Hash32? = nil, fromHeight: UInt64? = nil, toHeight: UInt64? = nil,
        after: RegistryCursor? = nil, limit: Int = 100
    ) {
        self.agreement = agreement
        self.executor = executor
        self.fromHeight = fromHeight
        self.toHeight = toHeight
        self.after = after
        self.limit = limit
    }
}
