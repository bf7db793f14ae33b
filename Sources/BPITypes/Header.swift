import BPICodec
import BPIHash

/// A block header (docs/SPEC.md §7.2): everything the mesh vouches for is a root in here.
public struct Header: Sendable, Equatable {
    /// Format version (1).
    public var version: UInt64 = 1
    /// The chain's id (from genesis).
    public var chainID: String
    /// Height (1 for the first block after genesis).
    public var height: UInt64
    /// The consensus round that produced it.
    public var round: UInt64
    /// Proposal time, milliseconds since the Unix epoch.
    public var timestamp: UInt64
    /// Hash of the previous header (the genesis hash at height 1).
    public var prevHash: Hash32
    /// Index of the proposer in the current validator set.
    public var proposerIndex: UInt64
    /// The proposer's ECVRF proof over the height's VRF input (80 bytes).
    public var vrfProof: [UInt8]
    /// The VRF output (64 bytes): the next seed of the proposer-selection chain.
    public var vrfOutput: [UInt8]
    /// Hash of the set that signs this header.
    public var validatorSetHash: Hash32
    /// Hash of the set that signs the next header.
    public var nextValidatorSetHash: Hash32
    /// BPCI frames root.
    public var framesRoot: Hash32
    /// Inclusion-obligations root.
    public var inclusionRoot: Hash32
    /// Proof-of-History ticks root.
    public var pohRoot: Hash32
    /// DockLock receipts root.
    public var receiptsRoot: Hash32
    /// Data-availability root.
    public var daRoot: Hash32
    /// Accepted slashing-evidence root.
    public var evidenceRoot: Hash32

    /// The root of an empty list (what unused roots hold until their features exist).
    public static let emptyRoot = Merkle.root(leaves: [])

    /// Creates a header; roots default to the empty root.
    public init(
        chainID: String, height: UInt64, round: UInt64, timestamp: UInt64, prevHash: Hash32, proposerIndex: UInt64,
        vrfProof: [UInt8], vrfOutput: [UInt8], validatorSetHash: Hash32, nextValidatorSetHash: Hash32,
        framesRoot: Hash32 = emptyRoot, inclusionRoot: Hash32 = emptyRoot, pohRoot: Hash32 = emptyRoot,
        receiptsRoot: Hash32 = emptyRoot, daRoot: Hash32 = emptyRoot, evidenceRoot: Hash32 = emptyRoot
    ) {
        self.chainID = chainID
        self.height = height
        self.round = round
        self.timestamp = timestamp
        self.prevHash = prevHash
        self.proposerIndex = proposerIndex
        self.vrfProof = vrfProof
        self.vrfOutput = vrfOutput
        self.validatorSetHash = validatorSetHash
        self.nextValidatorSetHash = nextValidatorSetHash
        self.framesRoot = framesRoot
        self.inclusionRoot = inclusionRoot
        self.pohRoot = pohRoot
        self.receiptsRoot = receiptsRoot
        self.daRoot = daRoot
        self.evidenceRoot = evidenceRoot
    }

    /// `H(0x10 ‖ canonical header)`.
    public var hash: Hash32 { HashAlgorithm.blake3.hash(canonicalBytes(), tag: .header) }
}

extension Header: CBORCodable {
    /// The 17 fields in declaration order; hashes as 32-byte strings.
    public var cborFields: [CBOR] {
        [
            .unsigned(version), .text(chainID), .unsigned(height), .unsigned(round), .unsigned(timestamp), .bytes(prevHash.bytes),
            .unsigned(proposerIndex), .bytes(vrfProof), .bytes(vrfOutput), .bytes(validatorSetHash.bytes),
            .bytes(nextValidatorSetHash.bytes), .bytes(framesRoot.bytes), .bytes(inclusionRoot.bytes), .bytes(pohRoot.bytes),
            .bytes(receiptsRoot.bytes), .bytes(daRoot.bytes), .bytes(evidenceRoot.bytes),
        ]
    }

    /// Decodes and checks every length.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        func hash(_ name: String) throws(CBORError) -> Hash32 { Hash32(try f.nextBytes(name, count: 32))! }
        version = try f.nextUInt("version")
        guard version == 1 else { throw .schema("Header.version: unsupported version \(version)") }
        chainID = try f.nextText("chainID")
        height = try f.nextUInt("height")
        round = try f.nextUInt("round")
        timestamp = try f.nextUInt("timestamp")
        prevHash = try hash("prevHash")
        proposerIndex = try f.nextUInt("proposerIndex")
        vrfProof = try f.nextBytes("vrfProof", count: 80)
        vrfOutput = try f.nextBytes("vrfOutput", count: 64)
        validatorSetHash = try hash("validatorSetHash")
        nextValidatorSetHash = try hash("nextValidatorSetHash")
        framesRoot = try hash("framesRoot")
        inclusionRoot = try hash("inclusionRoot")
        pohRoot = try hash("pohRoot")
        receiptsRoot = try hash("receiptsRoot")
        daRoot = try hash("daRoot")
        evidenceRoot = try hash("evidenceRoot")
    }
}
