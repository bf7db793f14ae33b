import BPIBLS
import BPICodec
import BPIHash

/// The finality certificate of a header (docs/SPEC.md §7.4): which validators signed it and one
/// BLS aggregate of their signatures over the commit message.
public struct Commit: Sendable, Equatable {
    /// The committed header's hash.
    public var headerHash: Hash32
    /// Its height.
    public var height: UInt64
    /// The round it was committed in.
    public var round: UInt64
    /// Who signed.
    public var signers: SignerBitmap
    /// The aggregate BLS signature (48 bytes).
    public var aggregateSignature: [UInt8]

    /// Creates a commit.
    public init(headerHash: Hash32, height: UInt64, round: UInt64, signers: SignerBitmap, aggregateSignature: [UInt8]) {
        self.headerHash = headerHash
        self.height = height
        self.round = round
        self.signers = signers
        self.aggregateSignature = aggregateSignature
    }

    /// What every signer BLS-signs: `0x16 ‖ canonical([chainID, height, round, headerHash])`.
    public static func signedMessage(chainID: String, height: UInt64, round: UInt64, headerHash: Hash32) -> [UInt8] {
        let body = CBOR.array([.text(chainID), .unsigned(height), .unsigned(round), .bytes(headerHash.bytes)])
        return [DomainTag.commit.rawValue] + ((try? CBOREncoder.encode(body)) ?? [])
    }
}

extension Commit: CBORCodable {
    /// `[headerHash, height, round, bitmap, aggregateSignature]`.
    public var cborFields: [CBOR] {
        [.bytes(headerHash.bytes), .unsigned(height), .unsigned(round), .bytes(signers.bytes), .bytes(aggregateSignature)]
    }

    /// Decodes and checks lengths.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        headerHash = Hash32(try f.nextBytes("headerHash", count: 32))!
        height = try f.nextUInt("height")
        round = try f.nextUInt("round")
        signers = SignerBitmap(bytes: try f.nextBytes("signers"))
        aggregateSignature = try f.nextBytes("aggregateSignature", count: 48)
    }
}
