import BPICodec

/// An anchor confirmed on an L1: where it is and how long each step took.
public struct ConfirmedAnchor: Sendable, Equatable, CBORCodable {
    public let height: UInt64
    public let headerHash: [UInt8]
    public let transactionHash: [UInt8]
    public let l1Block: UInt64
    /// Milliseconds from the header's finality to the L1 block that included it being seen, and
    /// to the confirmation depth being reached.
    public let inclusionLatency: UInt64
    public let confirmationLatency: UInt64
    /// The request, nonce and raw transaction mined: kept so that a reorg deeper than the
    /// confirmation depth can be repaired by sending it again.
    public let request: AnchorRequest
    public let nonce: UInt64
    public let raw: [UInt8]

    public init(
        request: AnchorRequest, nonce: UInt64, raw: [UInt8], transactionHash: [UInt8], l1Block: UInt64,
        inclusionLatency: UInt64, confirmationLatency: UInt64
    ) {
        self.request = request
        self.nonce = nonce
        self.raw = raw
        height = request.height
        headerHash = request.headerHash
        self.transactionHash = transactionHash
        self.l1Block = l1Block
        self.inclusionLatency = inclusionLatency
        self.confirmationLatency = confirmationLatency
    }

    public var cborFields: [CBOR] {
        [
            request.cbor, .unsigned(nonce), .bytes(raw), .bytes(transactionHash), .unsigned(l1Block), .unsigned(inclusionLatency),
            .unsigned(confirmationLatency),
        ]
    }

    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        request = try f.next("request", as: AnchorRequest.self)
        nonce = try f.nextUInt("nonce")
        raw = try f.nextBytes("raw")
        height = request.height
        headerHash = request.headerHash
        transactionHash = try f.nextBytes("transactionHash", count: 32)
        l1Block = try f.nextUInt("l1Block")
        inclusionLatency = try f.nextUInt("inclusionLatency")
        confirmationLatency = try f.nextUInt("confirmationLatency")
    }
}
