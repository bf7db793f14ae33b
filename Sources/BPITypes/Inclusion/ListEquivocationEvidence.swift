import BPICodec
import BPICrypto
import BPIHash

/// Evidence that a validator sent two inclusion lists for one block (docs/SPEC.md §17.1): both
/// list frames, which that block carries, each with its Merkle path to the block's `framesRoot`.
/// Both lists are ignored by the rule — they bind nothing — and this pair is what a third party
/// checks from the finalized header and the validator set alone.
public struct ListEquivocationEvidence: Sendable, Equatable {
    /// The height of the finalized block carrying both lists.
    public var height: UInt64
    /// The two list frames, in block order, and their paths.
    public var first: Frame
    public var firstProof: MerkleProof
    public var second: Frame
    public var secondProof: MerkleProof

    /// Creates evidence.
    public init(height: UInt64, first: Frame, firstProof: MerkleProof, second: Frame, secondProof: MerkleProof) {
        self.height = height
        self.first = first
        self.firstProof = firstProof
        self.second = second
        self.secondProof = secondProof
    }

    /// The evidence for the lists at `i` and `j` of a finalized block's `frames` at `height`.
    public init(frames: [Frame], first i: Int, second j: Int, height: UInt64) {
        let tree = MerkleTree(leafHashes: frames.map(\.id))
        self.init(
            height: height, first: frames[i],
            firstProof: FrameInclusion(frames: frames, tree: tree, index: i, height: height).proof,
            second: frames[j], secondProof: FrameInclusion(frames: frames, tree: tree, index: j, height: height).proof)
    }

    /// Checks the evidence against the finalized header at `height` and the set signing it:
    /// two different inclusion-list frames, both in that block, both made for it, both from the
    /// service of one validator of the set to itself and signed by that validator's identity key.
    /// Returns the validator's index.
    public func verify(header: Header, set: ValidatorSet, chainID: String) throws(TypesError) -> Int {
        guard header.height == height, header.chainID == chainID else {
            throw .invalid("the header is not the one at height \(height) of this chain")
        }
        guard first.id != second.id else { throw .invalid("the two lists are one frame") }
        guard FrameInclusion(envelope: first.envelope, height: height, proof: firstProof).isIncluded(in: header),
            FrameInclusion(envelope: second.envelope, height: height, proof: secondProof).isIncluded(in: header)
        else { throw .invalid("the lists are not both in the finalized block at height \(height)") }
        for list in [first, second] {
            guard list.header.kind == .inclusionList, list.header.source == list.header.destination,
                let body = try? InclusionList(canonicalBytes: list.sealedPayload), body.madeAt + 1 == height
            else { throw .invalid("frame \(list.id) is not an inclusion list made for block \(height)") }
        }
        guard first.header.source == second.header.source,
            let v = set.validators.indices.first(where: {
                ServiceName.validator(identityKey: set.validators[$0].identityKey).id == first.header.source
            }),
            let key = set.identityKeys[v], first.isSigned(by: key), second.isSigned(by: key)
        else { throw .invalid("the lists are not both from one validator's service, signed by its identity key") }
        return v
    }
}

extension ListEquivocationEvidence: CBORCodable {
    /// `[1, height, first, firstProof, second, secondProof]`.
    public var cborFields: [CBOR] {
        [.unsigned(1), .unsigned(height), first.cbor, firstProof.cbor, second.cbor, secondProof.cbor]
    }

    /// Decodes.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else {
            throw .schema("ListEquivocationEvidence.version: only version 1 is defined")
        }
        height = try f.nextUInt("height")
        first = try f.next("first", as: Frame.self)
        firstProof = try f.next("firstProof", as: MerkleProof.self)
        second = try f.next("second", as: Frame.self)
        secondProof = try f.next("secondProof", as: MerkleProof.self)
    }
}
