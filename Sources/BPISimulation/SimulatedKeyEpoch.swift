import BPIBLS
import BPICrypto
import BPIFrames
import BPIHash
import BPIPoH
@_spi(Simulation) import BPIRules
import BPIThreshold
import BPITypes
import Foundation

/// Height 1's threshold encryption in a simulated chain (docs/SPEC.md §16): a real key
/// generation among the validators (every dealer honest: the harness tests the reveal, the unit
/// tests and the devnet the dealing), the encrypted frames every candidate block carries — one
/// well formed, one whose ciphertext was altered after sealing — and what each must open to. The
/// verdicts of the real share check, reveal rule and opening rule are computed once per input
/// and shared by all schedules, as `SimulatedChain` does for block validity.
final class SimulatedKeyEpoch: @unchecked Sendable {
    /// The decided epoch key (threshold f + 1).
    let epochKey: EpochPublicKey
    /// The identity of height 1 under key epoch 1.
    let identity: EncryptionIdentity
    /// The encrypted frames, in the order blocks carry them.
    let frames: [Frame]
    /// What each must open to once height 1's key is revealed, by frame id.
    let expected: [Hash32: FrameOpening]
    /// Each validator's key share for height 1, by validator index.
    private let shares: [DecryptionKeyShare]
    /// Each validator's key share for height 2: a real signature on the wrong identity, what a
    /// forging share holder publishes for height 1.
    private let wrongHeightShares: [DecryptionKeyShare]
    private let lock = NSLock()
    private var shareVerdicts: [[UInt8]: Bool] = [:]
    private var reveals: [[UInt8]: DecryptionKey?] = [:]
    private var openings: [[UInt8]: [Hash32: FrameOpening]] = [:]

    static let keyEpoch: UInt64 = 1

    /// Runs the key generation among `identities` (dealings derived from `material`, so every
    /// process builds the same key) and seals the frames from `service` to height 1.
    init(
        identities: [Ed25519PrivateKey], genesis: Genesis, service: Ed25519PrivateKey, material: (String, Int) -> [UInt8]
    ) {
        let n = identities.count
        let session = KeyEpochSchedule.session(
            chainID: genesis.chainID, keyEpoch: Self.keyEpoch, setHash: genesis.validatorSet.hash)
        let parameters = try! ThresholdParameters(n: n, threshold: ThresholdParameters.bftThreshold(n: n), session: session)
        let recipients = identities.map(\.publicKey.x25519PublicKey)
        var transcript = DKGTranscript(parameters: parameters)
        for j in 1...n {
            let dealer = try! DKGDealer(
                parameters: parameters, index: UInt32(j), derivingFrom: SecretBytes(material("dealer", j)))
            try! transcript.add(try! dealer.deal(recipientKeys: recipients))
        }
        let epochKey = try! transcript.epochKey()
        self.epochKey = epochKey
        let secretShares = identities.enumerated().map { i, key in
            try! DKGParticipant(parameters: parameters, index: UInt32(i + 1), secret: key.x25519PrivateKey)
                .secretShare(from: transcript)
        }
        let identity = EncryptionIdentity.height(1, epoch: Self.keyEpoch, chainID: genesis.chainID)
        self.identity = identity
        let height2 = EncryptionIdentity.height(2, epoch: Self.keyEpoch, chainID: genesis.chainID)
        shares = secretShares.map { $0.keyShare(for: identity) }
        wrongHeightShares = secretShares.map { $0.keyShare(for: height2) }

        let source = BLAKE3.hash(service.publicKey.bytes)
        var ncPrev = NonceChain.genesis(service: source)
        var frames: [Frame] = []
        var expected: [Hash32: FrameOpening] = [:]
        for (k, (text, altered)) in [("sealed to height 1", false), ("sealed, then altered", true)].enumerated() {
            let header = FrameHeader(
                source: source, destination: source, nonce: UInt64(k + 1), ncPrev: ncPrev,
                tick: TickRef(height: 0, tickIndex: 0, tickHash: genesis.hash), kind: .encrypted)
            let sealed = try! IdentityKEM.seal(
                Array(text.utf8), to: epochKey.masterKey, identity: identity, associatedData: header.hash.bytes,
                randomness: Fr(wideBigEndian: material("seal", k) + material("seal", k + 100)))
            var bytes = sealed.sealed
            if altered { bytes[bytes.count - 1] ^= 1 }
            let payload = EncryptedPayload(
                keyEpoch: Self.keyEpoch, targetHeight: 1, ciphertext: try! IdentityCiphertext(u: sealed.u, sealed: bytes))
            let frame = Frame(header: header, sealedPayload: payload.canonicalBytes(), signer: service)
            frames.append(frame)
            expected[frame.id] = altered ? .undecryptable : .opened(Array(text.utf8))
            ncPrev = NonceChain.value(after: frame)
        }
        self.frames = frames
        self.expected = expected
    }

    /// Validator `index`'s key share for height 1.
    func share(of index: Int) -> DecryptionKeyShare { shares[index] }

    /// A forged share in validator `index`'s name: its share for another height.
    func forgedShare(of index: Int) -> DecryptionKeyShare { wrongHeightShares[index] }

    /// Whether `share` verifies against its participant's public share (what the frame ledger
    /// checks before it records a key-share frame).
    func verifies(_ share: DecryptionKeyShare) -> Bool {
        let key = [UInt8(truncatingIfNeeded: share.index)] + share.point.compressed
        if let known = lock.withLock({ shareVerdicts[key] }) { return known }
        let verdict = epochKey.verifies(share, for: identity)
        lock.withLock { shareVerdicts[key] = verdict }
        return verdict
    }

    /// The key the reveal rule forms from `gathered` (in the order gathered), with `bugs`.
    func reveal(_ gathered: [DecryptionKeyShare], bugs: InjectedBugs) -> DecryptionKey? {
        let key = [bugs.rawValue] + gathered.flatMap { [UInt8(truncatingIfNeeded: $0.index)] + $0.point.compressed }
        if let known = lock.withLock({ reveals[key] }) { return known }
        let revealed = RevealRule.key(from: gathered, epochKey: epochKey, identity: identity, bugs: bugs)
        lock.withLock { reveals[key] = revealed }
        return revealed
    }

    /// What each encrypted frame opens to under `key`, by frame id.
    func openings(with key: DecryptionKey) -> [Hash32: FrameOpening] {
        let cacheKey = key.compressed
        if let known = lock.withLock({ openings[cacheKey] }) { return known }
        var result: [Hash32: FrameOpening] = [:]
        for frame in frames {
            // The frames were built from valid payloads above.
            let payload = try! EncryptedPayload(canonicalBytes: frame.sealedPayload)
            result[frame.id] = FrameOpening.of(
                payload, frameHeaderHash: frame.headerHash, key: key, chainID: SimulatedChain.chainID)
        }
        lock.withLock { openings[cacheKey] = result }
        return result
    }
}
