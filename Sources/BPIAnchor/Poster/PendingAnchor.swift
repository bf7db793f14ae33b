import BPICodec

/// An anchor transaction sent and not yet confirmed: every version sent under its nonce (a
/// re-priced one replaces the last, but an earlier one may still be the one mined).
public struct PendingAnchor: Sendable, Equatable, CBORCodable {
    public let request: AnchorRequest
    public let nonce: UInt64
    /// Raw signed transactions, oldest first; the last is the current one.
    public internal(set) var versions: [[UInt8]]
    /// The current version's fees.
    public internal(set) var maxFeePerGas: UInt64
    public internal(set) var tip: UInt64
    /// The L1 head when the current version was sent (or last re-sent).
    public internal(set) var sentAtBlock: UInt64
    /// The L1 block that included it, and its hash, while a receipt shows it; 0 / empty otherwise.
    public internal(set) var includedInBlock: UInt64
    public internal(set) var includedBlockHash: [UInt8]
    /// When inclusion was first seen (ms since the epoch; 0 before).
    public internal(set) var includedAt: UInt64
    /// How often a reorg dropped it and it was sent again.
    public internal(set) var reposts: UInt64

    init(request: AnchorRequest, nonce: UInt64, raw: [UInt8], maxFeePerGas: UInt64, tip: UInt64, sentAtBlock: UInt64) {
        self.request = request
        self.nonce = nonce
        versions = [raw]
        self.maxFeePerGas = maxFeePerGas
        self.tip = tip
        self.sentAtBlock = sentAtBlock
        includedInBlock = 0
        includedBlockHash = []
        includedAt = 0
        reposts = 0
    }

    public var cborFields: [CBOR] {
        [
            request.cbor, .unsigned(nonce), .array(versions.map { .bytes($0) }), .unsigned(maxFeePerGas), .unsigned(tip),
            .unsigned(sentAtBlock), .unsigned(includedInBlock), .bytes(includedBlockHash), .unsigned(includedAt),
            .unsigned(reposts),
        ]
    }

    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        request = try f.next("request", as: AnchorRequest.self)
        nonce = try f.nextUInt("nonce")
        versions = try f.nextArrayItems("versions", maxCount: 64).map { (v: CBOR) throws(CBORError) -> [UInt8] in
            guard case .bytes(let b) = v else { throw .schema("PendingAnchor.versions: not bytes") }
            return b
        }
        guard !versions.isEmpty else { throw .schema("PendingAnchor.versions: empty") }
        maxFeePerGas = try f.nextUInt("maxFeePerGas")
        tip = try f.nextUInt("tip")
        sentAtBlock = try f.nextUInt("sentAtBlock")
        includedInBlock = try f.nextUInt("includedInBlock")
        includedBlockHash = try f.nextBytes("includedBlockHash")
        includedAt = try f.nextUInt("includedAt")
        reposts = try f.nextUInt("reposts")
    }
}
