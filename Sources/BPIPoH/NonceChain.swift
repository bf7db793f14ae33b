import BPIHash
import BPITypes

/// A sender's nonce chain (docs/SPEC.md §11.1): every frame a service sends links to the chain
/// value before it, so a gap, a fork or a reordering of its frames breaks the chain and is seen.
///
///     NC_0 = H(0x30 ‖ 0x00 ‖ svcIDHash)
///     NC_n = H(0x30 ‖ 0x01 ‖ NC_{n−1} ‖ frameHeaderHash_n)
///
/// A frame carries `ncPrev = NC_{n−1}`; the value after it, `NC_n`, is what the proposer mixes into
/// the block's Proof-of-History chain.
public enum NonceChain {
    /// The chain's first value for the service `svcIDHash`.
    public static func genesis(service svcIDHash: Hash32) -> Hash32 {
        HashAlgorithm.blake3.hash([DomainTag.nonceChain.rawValue, 0x00] + svcIDHash.bytes)
    }

    /// The value after a frame whose header hashes to `frameHeaderHash`, sent at `previous`.
    public static func next(_ previous: Hash32, frameHeaderHash: Hash32) -> Hash32 {
        HashAlgorithm.blake3.hash([DomainTag.nonceChain.rawValue, 0x01] + previous.bytes + frameHeaderHash.bytes)
    }

    /// The sender's chain value after the frame with this header (the frame's Proof-of-History event).
    public static func value(after header: FrameHeader) -> Hash32 { next(header.ncPrev, frameHeaderHash: header.hash) }

    /// The sender's chain value after `frame` (its header hash is already known).
    public static func value(after frame: Frame) -> Hash32 { next(frame.header.ncPrev, frameHeaderHash: frame.headerHash) }

    /// Follows a sender's frames in order from `start`: each frame's `ncPrev` must be the value
    /// before it. Returns the value after the last frame; throws at the first frame that does not link.
    public static func follow(
        from start: Hash32, frames: [(ncPrev: Hash32, frameHeaderHash: Hash32)]
    ) throws(NonceChainError) -> Hash32 {
        var value = start
        for (i, frame) in frames.enumerated() {
            guard frame.ncPrev == value else { throw .broken(index: i) }
            value = next(value, frameHeaderHash: frame.frameHeaderHash)
        }
        return value
    }
}

/// Why a sender's frames do not form its nonce chain.
public enum NonceChainError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Frame `index` does not link to the chain value before it (a gap, fork or reordering).
    case broken(index: Int)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .broken(let i): return "frame \(i) does not continue its sender's nonce chain (a gap, a fork or a reordering)"
        }
    }
}
