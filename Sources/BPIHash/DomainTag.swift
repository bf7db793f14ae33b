/// A one-byte domain-separation tag: every protocol hash is `H(tag ‖ bytes)`, so bytes hashed
/// for one purpose can never be mistaken for another. The registry is `docs/SPEC.md` §2; add new
/// tags there and here together, never reuse a value.
public struct DomainTag: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The tag byte.
    public let rawValue: UInt8

    /// Wraps a tag byte (prefer the named registry constants).
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `0x00`: a Merkle leaf, `H(0x00 ‖ leaf)`.
    public static let merkleLeaf = DomainTag(rawValue: 0x00)
    /// `0x01`: a Merkle interior node, `H(0x01 ‖ left ‖ right)`.
    public static let merkleNode = DomainTag(rawValue: 0x01)
    /// `0x02`: a Merkle root bound to its leaf count, `H(0x02 ‖ u64be(n) ‖ top)`.
    public static let merkleRoot = DomainTag(rawValue: 0x02)
    /// `0x10`: a block header's hash, `H(0x10 ‖ canonical header)`.
    public static let header = DomainTag(rawValue: 0x10)
    /// `0x11`: what a validator's Ed25519 key signs in a consensus message.
    public static let consensusMessage = DomainTag(rawValue: 0x11)
    /// `0x13`: the genesis seed of the VRF seed chain, `H(0x13 ‖ canonical genesis)`.
    public static let genesis = DomainTag(rawValue: 0x13)
    /// Proof-of-History chain: start, step and mix-in (docs/SPEC.md §11).
    public static let pohTick = DomainTag(rawValue: 0x12)
    /// A sender's nonce chain over its frames (docs/SPEC.md §11.1).
    public static let nonceChain = DomainTag(rawValue: 0x30)
    /// `0x31`: a service's id, `H(0x31 ‖ SPIFFE ID)` (docs/SPEC.md §12).
    public static let serviceID = DomainTag(rawValue: 0x31)
    /// `0x32`: a frame header's hash, `H(0x32 ‖ canonical frame header)`.
    public static let frameHeader = DomainTag(rawValue: 0x32)
    /// `0x33`: what a service's Ed25519 key signs in a frame, `0x33 ‖ headerHash ‖ payloadHash`.
    public static let frameSignature = DomainTag(rawValue: 0x33)
    /// `0x34`: a frame's sealed payload, `H(0x34 ‖ sealed payload)`.
    public static let framePayload = DomainTag(rawValue: 0x34)
    /// `0x35`: what a service's signing keys sign to register or rotate, `0x35 ‖ canonical registration body`.
    public static let serviceRegistration = DomainTag(rawValue: 0x35)
    /// `0x40`: a DockLock run's id, `H(0x40 ‖ canonical run header)` (docs/SPEC.md §13).
    public static let runHeader = DomainTag(rawValue: 0x40)
    /// `0x41`: a run's seed drawn from the chain, `H(0x41 ‖ vrfOutput ‖ jobHash)`.
    public static let runSeed = DomainTag(rawValue: 0x41)
    /// `0x42`: the run's random stream, block `i` = `H(0x42 ‖ seed ‖ u64be(i))`.
    public static let runRandom = DomainTag(rawValue: 0x42)
    /// `0x43`: the data of a canonical event, `H(0x43 ‖ data)`.
    public static let runEventData = DomainTag(rawValue: 0x43)
    /// `0x44`: what an executor's Ed25519 key signs, `0x44 ‖ canonical receipt body`.
    public static let receiptSignature = DomainTag(rawValue: 0x44)
    /// `0x45`: a workload module's hash, `H(0x45 ‖ module bytes)`.
    public static let runModule = DomainTag(rawValue: 0x45)
    /// `0x46`: an input or output file's content, `H(0x46 ‖ content)`.
    public static let runFile = DomainTag(rawValue: 0x46)
    /// `0x47`: an agreement bundle's id, `H(0x47 ‖ canonical bundle)`.
    public static let agreementBundle = DomainTag(rawValue: 0x47)
    /// `0x48`: a policy verdict's reason, `H(0x48 ‖ reason bytes)`.
    public static let policyReason = DomainTag(rawValue: 0x48)
    /// `0x49`: what a principal signs to delegate to a gateway, `0x49 ‖ canonical delegation body`.
    public static let delegation = DomainTag(rawValue: 0x49)
    /// `0x50`: a data-availability object's id, `H(0x50 ‖ canonical [1, k, n, chunkSize, size, objectHash])`.
    public static let daObject = DomainTag(rawValue: 0x50)
    /// `0x51`: a shard's content hash, `H(0x51 ‖ shard bytes)`.
    public static let daShard = DomainTag(rawValue: 0x51)
    /// `0x52`: a validator's sample schedule for an object, the BLAKE3 XOF of `0x52 ‖ vrfOutput ‖
    /// identity key ‖ objectID`.
    public static let daSample = DomainTag(rawValue: 0x52)
    /// `0x60`: the session id of a key generation, `H(0x60 ‖ canonical [chainID, keyEpoch, setHash])`.
    public static let keyGenSession = DomainTag(rawValue: 0x60)
    /// `0x14`: the proposer draw, `H(0x14 ‖ seed ‖ u64be(height) ‖ u64be(round) ‖ u64be(counter))`.
    public static let proposerDraw = DomainTag(rawValue: 0x14)
    /// `0x15`: the VRF input of a height, `0x15 ‖ canonical([chainID, height, seed])`.
    public static let vrfInput = DomainTag(rawValue: 0x15)
    /// `0x16`: the commit message every validator BLS-signs, `0x16 ‖ canonical([chainID, height, round, headerHash])`.
    public static let commit = DomainTag(rawValue: 0x16)
    /// `0x17`: a validator-set Merkle leaf, `canonical([index, validator])` hashed as a Merkle leaf.
    public static let validatorSetLeaf = DomainTag(rawValue: 0x17)
    /// `0x18`: a portable evidence item's id, `H(0x18 ‖ canonical evidence envelope)` (docs/SPEC.md §18.9).
    public static let evidence = DomainTag(rawValue: 0x18)
    /// `0x19`: what a validator's identity key signs to pledge anchors, `0x19 ‖ canonical pledge
    /// body` (docs/SPEC.md §18.11; signed, not hashed).
    public static let anchorPledge = DomainTag(rawValue: 0x19)
    /// `0x20`: a validator id, `H(0x20 ‖ Ed25519 public key)` (first 20 bytes).
    public static let validatorIdentity = DomainTag(rawValue: 0x20)
    /// `0x22`: what a validator's Ed25519 key signs to bind its Noise static key, `0x22 ‖ canonical([chainID, noiseStatic])`.
    public static let noiseIdentity = DomainTag(rawValue: 0x22)
    /// `0x21`: what both keys of a key rotation sign, `0x21 ‖ canonical rotation body`.
    public static let keyRotation = DomainTag(rawValue: 0x21)

    /// The tag as `0xNN`.
    public var description: String {
        "0x" + String(rawValue, radix: 16, uppercase: false).leftPadded(to: 2)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
