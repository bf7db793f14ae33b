import BPICodec
import BPIHash

/// When key generation runs and which epoch key serves a height (docs/SPEC.md §16.5). Heights
/// are grouped in key epochs of `length` blocks: epoch e holds heights e·length + 1 … (e + 1)·length.
/// The key of epoch e + 1 is generated during epoch e by the validator set in force at its first
/// height: dealings in the first `window` blocks, complaints in the next `window`, justifications
/// in the next; the key is decided when the block closing the third window is applied. Epoch 0
/// has no key: encryption is available from height length + 1 on.
public struct KeyEpochSchedule: Sendable, Equatable {
    /// Blocks per key epoch.
    public let length: UInt64
    /// Blocks per key-generation phase.
    public let window: UInt64

    /// The chain's schedule: epochs of 64 blocks, phases of 8.
    public static let standard = KeyEpochSchedule(length: 64, window: 8)

    /// A schedule (tests use shorter ones); three phases must fit in an epoch.
    public init(length: UInt64, window: UInt64) {
        precondition(window >= 1 && 3 * window <= length, "three key-generation phases must fit in an epoch")
        self.length = length
        self.window = window
    }

    /// The key epoch of a height (≥ 1).
    public func epoch(of height: UInt64) -> UInt64 { height == 0 ? 0 : (height - 1) / length }

    /// The first height of an epoch.
    public func start(of epoch: UInt64) -> UInt64 { epoch * length + 1 }

    /// What a block at `height` may carry of key generation: the key epoch being generated (the
    /// next one) and the phase, or nil after the third phase.
    public func phase(at height: UInt64) -> (keyEpoch: UInt64, phase: KeyGenPhase)? {
        let e = epoch(of: height)
        let offset = height - start(of: e)
        guard offset < 3 * window else { return nil }
        return (e + 1, [KeyGenPhase.dealing, .complaint, .justification][Int(offset / window)])
    }

    /// The first height of the generation of `keyEpoch`'s key (≥ 1): the set signing it is the
    /// generation's committee.
    public func generationStart(of keyEpoch: UInt64) -> UInt64 { start(of: keyEpoch - 1) }

    /// The height whose block, once applied, decides the key of `keyEpoch` (≥ 1).
    public func decidingHeight(of keyEpoch: UInt64) -> UInt64 { generationStart(of: keyEpoch) + 3 * window - 1 }

    /// The session id of the key generation for `keyEpoch` by the set with hash `setHash`:
    /// `H(0x60 ‖ canonical [chainID, keyEpoch, setHash])`.
    public static func session(chainID: String, keyEpoch: UInt64, setHash: Hash32) -> [UInt8] {
        // An array of text, an integer and bytes always encodes.
        let body = try! CBOREncoder.encode(.array([.text(chainID), .unsigned(keyEpoch), .bytes(setHash.bytes)]))
        return HashAlgorithm.blake3.hash(body, tag: .keyGenSession).bytes
    }
}

/// The three phases of key generation.
public enum KeyGenPhase: UInt64, Sendable, CustomStringConvertible {
    /// Dealers publish dealings.
    case dealing = 0
    /// Participants complain about boxes that fail.
    case complaint = 1
    /// Dealers answer complaints.
    case justification = 2

    public var description: String {
        switch self {
        case .dealing: return "dealing"
        case .complaint: return "complaint"
        case .justification: return "justification"
        }
    }
}
