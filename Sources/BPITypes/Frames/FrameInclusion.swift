import BPICodec
import BPIHash

/// A frame's place in the finalized chain, checkable from headers alone: its envelope (the frame
/// with its payload replaced by the payload's hash), the height of the block that carries it and
/// the Merkle path from the envelope's id to that header's `framesRoot`.
public struct FrameInclusion: Sendable, Equatable {
    /// The frame's envelope.
    public var envelope: FrameEnvelope
    /// The height of the block that carries it.
    public var height: UInt64
    /// Path from the frame's id to `framesRoot`.
    public var proof: MerkleProof

    /// An inclusion.
    public init(envelope: FrameEnvelope, height: UInt64, proof: MerkleProof) {
        self.envelope = envelope
        self.height = height
        self.proof = proof
    }

    /// The inclusion of frame `index` of `frames`, a block at `height`.
    public init(frames: [Frame], index: Int, height: UInt64) {
        self.init(frames: frames, tree: MerkleTree(leafHashes: frames.map(\.id)), index: index, height: height)
    }

    /// The same with the block's frame-id tree already built (one tree serves every frame of a block).
    public init(frames: [Frame], tree: MerkleTree, index: Int, height: UInt64) {
        // The index is one of the tree's leaves.
        let proof = (try? tree.proof(index: index)) ?? MerkleProof(index: UInt64(index), count: 0, siblings: [])
        self.init(envelope: frames[index].envelope, height: height, proof: proof)
    }

    /// Whether the envelope is in the block whose header is `header` (at `height`).
    public func isIncluded(in header: Header) -> Bool {
        header.height == height && proof.verify(leafHash: envelope.id, root: header.framesRoot)
    }
}

extension FrameInclusion: CBORCodable {
    /// `[envelope, height, proof]`.
    public var cborFields: [CBOR] { [envelope.cbor, .unsigned(height), proof.cbor] }

    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        envelope = try f.next("envelope", as: FrameEnvelope.self)
        height = try f.nextUInt("height")
        proof = try f.next("proof", as: MerkleProof.self)
    }
}
