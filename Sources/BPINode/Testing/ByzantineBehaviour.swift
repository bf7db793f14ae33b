import BPIBLS
import BPICrypto
import BPIFrames
import BPIHash
import BPIPoH
import BPIThreshold
import BPITypes

/// Misbehaviour a validator plays when its config sets `byzantine` (devnet tests only): it stays
/// otherwise a working validator, so a test shows the honest ones stay safe and live around it.
/// An honest validator has none (`init` returns nil for an empty mode) and never runs this code.
struct ByzantineBehaviour: Sendable {
    private let mode: String
    private let identity: Ed25519PrivateKey
    private let me: UInt64
    private var history: [ConsensusMessage] = []

    /// The behaviour for `mode` (one of `NodeConfig.byzantineModes`), nil for "".
    init?(mode: String, identity: Ed25519PrivateKey, me: Int) {
        guard !mode.isEmpty else { return nil }
        self.mode = mode
        self.identity = identity
        self.me = UInt64(me)
    }

    private func plays(_ behaviour: String) -> Bool { mode == behaviour || mode == "all" }

    /// The threshold frames this validator sends (§16.5): what goes through its own pool, and
    /// what it gossips straight to its peers past its own checks. `withhold-shares`: none of its
    /// key shares; `forge-shares`: each key share replaced by another point, re-signed, gossiped
    /// (the frame rules carry it as a bad key share — evidence against this validator — and it
    /// never counts towards a reveal). Other frames pass unchanged.
    func threshold(_ frames: [Frame]) -> (pool: [Frame], gossip: [Frame]) {
        var pool: [Frame] = []
        var gossip: [Frame] = []
        for f in frames {
            guard f.header.kind == .keyShare, plays("withhold-shares") || plays("forge-shares") else {
                pool.append(f)
                continue
            }
            guard plays("forge-shares"), let m = try? KeyShareMessage(canonicalBytes: f.sealedPayload) else { continue }
            let forged = KeyShareMessage(
                keyEpoch: m.keyEpoch, height: m.height,
                share: DecryptionKeyShare(index: m.share.index, point: m.share.point + G1Point.generator))
            gossip.append(Frame(header: f.header, sealedPayload: forged.canonicalBytes(), signer: identity))
        }
        return (pool, gossip)
    }

    /// `equivocate-lists` (only when named, not in `all`): each inclusion list this validator makes
    /// goes out twice — the same list re-signed on the next nonce of its service, a second list for
    /// the same block (§17.1). Both reach the pool; a block carrying both makes them evidence.
    func inclusionLists(_ list: Frame) -> [Frame] {
        guard mode == "equivocate-lists" else { return [list] }
        let h = list.header
        let again = FrameHeader(
            source: h.source, destination: h.destination, nonce: h.nonce + 1, ncPrev: NonceChain.value(after: list), tick: h.tick,
            kind: .inclusionList)
        return [list, Frame(header: again, sealedPayload: list.sealedPayload, signer: identity)]
    }

    /// `censor` (only when named, not in `all`): the proposal rewrite of a censoring proposer.
    /// Its blocks leave out every frame of each service that sent a listed frame or a data frame,
    /// and mark each obligation so left out `invalid` — a reject ground that does not hold, so
    /// honest validators refuse the block (§17.2) and record the omission as evidence.
    var censorship: (@Sendable ([Frame], [InclusionEntry]) -> ([Frame], [InclusionEntry]))? {
        guard mode == "censor" else { return nil }
        return { frames, entries in
            let listed = Set(entries.map(\.frameID))
            let censored = Set(frames.filter { listed.contains($0.id) || $0.header.kind == .data }.map(\.header.source))
            let kept = frames.filter { !censored.contains($0.header.source) }
            let carried = Set(kept.map(\.id))
            let claimed = entries.map {
                carried.contains($0.frameID) ? $0 : InclusionEntry(frameID: $0.frameID, outcome: .invalid)
            }
            return (kept, claimed)
        }
    }

    /// Remembers a received consensus message (for replays and forgeries), the last 256.
    mutating func saw(_ m: ConsensusMessage) {
        history.append(m)
        if history.count > 256 { history.removeFirst(history.count - 256) }
    }

    /// `equivocate`: after each own PRE-PREPARE and PREPARE, a signed conflicting one.
    func echo(of m: ConsensusMessage) -> [[UInt8]] {
        guard plays("equivocate"), m.sender == me, m.kind == .prepare || m.kind == .prePrepare else { return [] }
        let conflicting = ConsensusMessage(
            kind: m.kind, chainID: m.chainID, height: m.height, round: m.round, sender: m.sender,
            value: BLAKE3.hash(m.value.bytes), payload: m.payload, signer: identity)
        return [WireMessage.consensus(conflicting).encoded()]
    }

    /// Every tick — `malformed`: garbage, truncated and badly signed messages; `replay`: old
    /// messages again.
    func tick(height: UInt64, storedHeight: UInt64) -> [[UInt8]] {
        var out: [[UInt8]] = []
        if plays("malformed") {
            out.append((0..<64).map { _ in UInt8.random(in: 0...255) })
            out.append(Array(WireMessage.status(height: storedHeight).encoded().dropLast()))
            if var forged = history.last {
                forged.value = BLAKE3.hash(forged.value.bytes)
                out.append(WireMessage.consensus(forged).encoded())
            }
        }
        if plays("replay") {
            out += history.filter { $0.height < height }.suffix(8).map { WireMessage.consensus($0).encoded() }
        }
        return out
    }
}
