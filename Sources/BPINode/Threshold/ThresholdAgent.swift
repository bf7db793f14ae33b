import BPICrypto
import BPIFrames
import BPIHash
import BPIPoH
import BPIThreshold
import BPITypes

/// A validator's part in threshold encryption (docs/SPEC.md §16.5): after each stored block it
/// says which frames this validator sends next, from its own service
/// (`spiffe://validator.bpi/<identity key>`) — the registration of that service, its dealing,
/// complaints and justifications in their phases, each decided epoch key (an `epoch-key` frame),
/// and its key share for every final height whose encrypted frames wait. It decides from the
/// ledger with the pending frames on top, so nothing already pending is sent twice; every frame
/// then goes through the frame rules like any other. It stores nothing: dealings derive from the validator's seed and the session (a restart
/// deals the same bytes), secret shares from the chain's transcript and its identity key.
struct ThresholdAgent: Sendable {
    let identity: Ed25519PrivateKey
    let dkgSecret: SecretBytes
    let chainID: String
    /// Secret shares formed so far, by key epoch.
    private var secretShares: [UInt64: EpochSecretShare] = [:]

    init(keys: ValidatorKeys, chainID: String) {
        identity = keys.identity
        dkgSecret = keys.dkg
        self.chainID = chainID
    }

    /// This validator's service name.
    var serviceName: ServiceName { ServiceName.validator(identityKey: identity.publicKey.bytes) }

    /// The frames to send now, for the block at `next`, given the finalized ledger and the
    /// ledger with the pending frames recorded. Errors say why a frame could not be formed.
    mutating func frames(
        finalized: FrameLedger, pending: FrameLedger, next: UInt64, tick: TickRef, context: ThresholdContext
    ) -> (frames: [Frame], problems: [String]) {
        let id = serviceName.id
        guard var sender = FrameSender.validator(identity, pending: pending) else {
            return ([], ["cannot form this validator's service identity"])
        }
        guard finalized.directory[id] != nil else {
            // Register once; the rest waits until the registration is final.
            if pending.chainValue(of: id) == NonceChain.genesis(service: id) { return ([sender.register(tick: tick)], []) }
            return ([], [])
        }
        var out: [Frame] = []
        var problems: [String] = []
        let me = identity.publicKey.bytes
        if let (e, phase, g) = pending.threshold.generation(at: next, context: context),
            let position = g.committee.firstIndex(of: me)
        {
            let j = UInt32(position + 1)
            let t = g.transcript
            switch phase {
            case .dealing where t.dealings[j] == nil:
                do {
                    let dealer = try DKGDealer(parameters: t.parameters, index: j, derivingFrom: dkgSecret)
                    let recipients = g.committee.map {
                        (try? Ed25519PublicKey(bytes: $0))?.x25519PublicKey ?? [UInt8](repeating: 0, count: 32)
                    }
                    let dealing = try dealer.deal(recipientKeys: recipients)
                    out.append(sender.keygen(KeyGenMessage(keyEpoch: e, body: .dealing(dealing)), tick: tick))
                } catch {
                    problems.append("dealing for key epoch \(e): \(error)")
                }
            case .complaint:
                if let participant = try? DKGParticipant(parameters: t.parameters, index: j, secret: identity.x25519PrivateKey) {
                    for d in t.dealings.keys.sorted() {
                        guard let c = participant.complaint(about: t.dealings[d]!), !t.complaints.contains(c) else { continue }
                        out.append(sender.keygen(KeyGenMessage(keyEpoch: e, body: .complaint(c)), tick: tick))
                    }
                }
            case .justification:
                if let dealer = try? DKGDealer(parameters: t.parameters, index: j, derivingFrom: dkgSecret) {
                    for c in t.complaints where c.dealer == j && t.justifications[c] == nil {
                        guard let answer = dealer.justify(c) else { continue }
                        out.append(sender.keygen(KeyGenMessage(keyEpoch: e, body: .justification(answer)), tick: tick))
                    }
                }
            default: break
            }
        }
        let threshold = pending.threshold
        // Put each decided key on the chain (§16.5), so bad-key-share evidence needs no node for
        // it: participant j speaks 2·(j − 1) blocks after the decision, unless an epoch-key frame
        // for it is already carried or pending — one usually suffices, and a crashed participant
        // 1 only delays it.
        for (e, key) in threshold.keys where threshold.keyFrames[e] == nil {
            guard let position = threshold.decided[e]?.committee.firstIndex(of: me),
                next > threshold.schedule.decidingHeight(of: e) + UInt64(2 * position)
            else { continue }
            out.append(sender.epochKey(EpochKeyMessage(keyEpoch: e, participant: UInt32(position + 1), key: key), tick: tick))
        }
        for h in threshold.waitingHeights where h < next && threshold.revealed[h] == nil {
            guard let e = threshold.servingEpoch(for: h), let g = threshold.decided[e],
                let position = g.committee.firstIndex(of: me)
            else { continue }
            let j = UInt32(position + 1)
            guard !(threshold.shares[h] ?? []).contains(where: { $0.index == j }) else { continue }
            if secretShares[e] == nil {
                do {
                    let participant = try DKGParticipant(
                        parameters: g.transcript.parameters, index: j, secret: identity.x25519PrivateKey)
                    secretShares[e] = try participant.secretShare(from: g.transcript)
                } catch {
                    problems.append("no secret share of key epoch \(e): \(error)")
                    continue
                }
            }
            let share = secretShares[e]!.keyShare(for: EncryptionIdentity.height(h, epoch: e, chainID: chainID))
            out.append(sender.keyShare(KeyShareMessage(keyEpoch: e, height: h, share: share), tick: tick))
        }
        return (out, problems)
    }
}
