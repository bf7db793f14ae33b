import BPICrypto
import BPIHash
import BPITypes

/// Misbehaviour a validator plays when its config sets `byzantine` (devnet tests only): it stays
/// otherwise a working validator, so a test shows the honest ones stay safe and live around it.
/// An honest validator has none (`init` returns nil for an empty mode) and never runs this code.
struct ByzantineBehaviour: Sendable {
    private let mode: String
    private let identity: Ed25519PrivateKey
    private let me: UInt64
    private var history: [ConsensusMessage] = []

    /// The behaviour for `mode` (`equivocate`, `malformed`, `replay`, `all`), nil for "".
    init?(mode: String, identity: Ed25519PrivateKey, me: Int) {
        guard !mode.isEmpty else { return nil }
        self.mode = mode
        self.identity = identity
        self.me = UInt64(me)
    }

    private func plays(_ behaviour: String) -> Bool { mode == behaviour || mode == "all" }

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
