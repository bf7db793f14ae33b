import BPICodec

/// A finalized header to anchor: `[chainID, height, headerHash, validatorSetHash]` (§18.6), with
/// when it was finalized (milliseconds since the Unix epoch), for the latency figures.
public struct AnchorRequest: Sendable, Equatable, CBORCodable {
    public let height: UInt64
    public let headerHash: [UInt8]
    public let validatorSetHash: [UInt8]
    public let finalizedAt: UInt64

    public init(height: UInt64, headerHash: [UInt8], validatorSetHash: [UInt8], finalizedAt: UInt64) {
        self.height = height
        self.headerHash = headerHash
        self.validatorSetHash = validatorSetHash
        self.finalizedAt = finalizedAt
    }

    public var cborFields: [CBOR] {
        [.unsigned(height), .bytes(headerHash), .bytes(validatorSetHash), .unsigned(finalizedAt)]
    }

    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        height = try f.nextUInt("height")
        headerHash = try f.nextBytes("headerHash", count: 32)
        validatorSetHash = try f.nextBytes("validatorSetHash", count: 32)
        finalizedAt = try f.nextUInt("finalizedAt")
    }
}
