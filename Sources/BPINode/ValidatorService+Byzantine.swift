import BPIHash
import BPITypes

/// Misbehaviour a validator plays when its config sets `byzantine` (devnet tests only): it stays
/// otherwise a working validator, so the test shows the honest ones stay safe and live around it.
extension ValidatorService {
    private func plays(_ behaviour: String) -> Bool { config.byzantine == behaviour || config.byzantine == "all" }

    /// `equivocate`: every PRE-PREPARE and PREPARE is followed by a signed conflicting one.
    func byzantineEcho(of m: ConsensusMessage) {
        guard plays("equivocate"), m.sender == UInt64(me), m.kind == .prepare || m.kind == .prePrepare else { return }
        let conflicting = ConsensusMessage(
            kind: m.kind, chainID: m.chainID, height: m.height, round: m.round, sender: m.sender,
            value: BLAKE3.hash(m.value.bytes),
            payload: m.payload, signer: keys.identity)
        transport?.broadcast(WireMessage.consensus(conflicting).encoded())
    }

    /// `malformed`: garbage, truncated and badly signed messages; `replay`: old messages again.
    func byzantineTick() {
        if plays("malformed") {
            transport?.broadcast((0..<64).map { _ in UInt8.random(in: 0...255) })
            let status = WireMessage.status(height: light.height).encoded()
            transport?.broadcast(Array(status.dropLast()))
            if var forged = history.last {
                forged.value = BLAKE3.hash(forged.value.bytes)
                transport?.broadcast(WireMessage.consensus(forged).encoded())
            }
        }
        if plays("replay") {
            for m in history.filter({ $0.height < height }).suffix(8) { transport?.broadcast(WireMessage.consensus(m).encoded()) }
        }
    }
}
