import BPIBLS
import BPICodec
import BPICrypto
import BPIFrames
import BPIHash
import BPIPoH
import BPITestSupport
import BPIThreshold
import BPITypes
import Foundation
import Testing

/// Threshold encryption on the chain (docs/SPEC.md §16.5), through the frame ledger: four
/// validators generate a key in the first key epoch from keygen frames, a client encrypts a frame
/// to a height, and once that height is final two key shares reveal its key and every validator's
/// ledger opens it. Every Byzantine move a validator or a service can make with these frames is tried.
@Suite("Threshold ledger")
struct ThresholdLedgerTests {
    static let chainID = "bpi-test"
    static let schedule = KeyEpochSchedule(length: 12, window: 2)

    struct World {
        let validators = IdentityOnlyValidators()
        var ledger = FrameLedger(keySchedule: ThresholdLedgerTests.schedule)
        var ticks = TickWindow(genesisHash: BLAKE3.hash(Array("genesis".utf8)))
        var height: UInt64 = 0
        var services: [FrameSender]
        var client: FrameSender
        var peer: FrameSender
        var context: ThresholdContext { ThresholdContext(chainID: ThresholdLedgerTests.chainID, validators: validators.set) }

        init() throws {
            let v = IdentityOnlyValidators()
            services = try v.keys.enumerated().map { i, key in
                FrameSender(
                    identity: try ServiceIdentity(
                        name: try ServiceName("spiffe://bpi.local/validator/\(i)"), signingSeed: key.seed.bytes,
                        sessionSecret: X25519.generate().privateKey.bytes))
            }
            client = FrameSender(identity: ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.local/svc/client")))
            peer = FrameSender(identity: ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.local/svc/peer")))
        }

        var tick: TickRef { ticks.newest }

        mutating func finalize(_ frames: [Frame] = []) throws {
            height += 1
            try ledger.apply(block: frames, height: height, ticks: ticks, context: context)
            ticks.append(height: height, records: BlockPoH.record(seed: [UInt8(truncatingIfNeeded: height)], events: []))
        }

        func refusal(_ frame: Frame) -> FrameError? {
            ledger.refusal(of: frame, ticks: ticks, height: height + 1, context: context)
        }

        /// The validators' dealers for key epoch 1 and their participants.
        func committee() throws -> ([DKGDealer], [DKGParticipant]) {
            let session = KeyEpochSchedule.session(
                chainID: ThresholdLedgerTests.chainID, keyEpoch: 1, setHash: validators.set.hash)
            let parameters = try ThresholdParameters(n: 4, threshold: 2, session: session)
            let dealers = try (1...4).map { try DKGDealer(parameters: parameters, index: UInt32($0)) }
            let participants = try validators.keys.enumerated().map {
                try DKGParticipant(parameters: parameters, index: UInt32($0.offset + 1), secret: $0.element.x25519PrivateKey)
            }
            return (dealers, participants)
        }

        var recipientKeys: [[UInt8]] { validators.keys.map(\.publicKey.x25519PublicKey) }
    }

    /// Registers everyone (height 1) and runs key generation for epoch 1 to its decision (height 6),
    /// with the dealings that `tamper` returns; returns the participants' secret shares.
    func keyed(_ w: inout World, dealers: [DKGDealer], participants: [DKGParticipant]) throws -> [EpochSecretShare] {
        let tick = w.tick
        try w.finalize(
            w.services.indices.map { w.services[$0].register(tick: tick) } + [
                w.client.register(tick: tick), w.peer.register(tick: tick),
            ])
        let dealings = try dealers.map { try $0.deal(recipientKeys: w.recipientKeys) }
        let dealingFrames = (0..<4).map {
            w.services[$0].keygen(KeyGenMessage(keyEpoch: 1, body: .dealing(dealings[$0])), tick: w.tick)
        }
        try w.finalize(dealingFrames)  // height 2: the dealing phase's second block
        while w.height < Self.schedule.decidingHeight(of: 1) { try w.finalize() }
        let transcript = try #require(w.ledger.threshold.decided[1]?.transcript)
        return try participants.map { try $0.secretShare(from: transcript) }
    }

    @Test(
        "keygen frames decide an epoch key; an encrypted frame opens for every validator once two shares of its height are final")
    func endToEnd() throws {
        var w = try World()
        let (dealers, participants) = try w.committee()
        // Before any key, encrypted frames are refused.
        let shares = try keyed(&w, dealers: dealers, participants: participants)
        let key = try #require(w.ledger.threshold.keys[1])
        #expect(key.threshold == 2 && w.ledger.threshold.decided[1]?.transcript.qualified == [1, 2, 3, 4])
        while w.height < 12 { try w.finalize() }
        let secret = Array("buy 100 at market".utf8)
        let target: UInt64 = 14
        let frame = try w.client.encrypted(
            secret, to: w.peer.identity.id, keyEpoch: 1, targetHeight: target, masterKey: key.masterKey, chainID: Self.chainID,
            tick: w.tick)
        #expect(w.refusal(frame) == nil)
        try w.finalize([frame])  // height 13: ordered blind
        #expect(w.ledger.threshold.openings[frame.id] == nil)
        #expect(w.ledger.threshold.waitingHeights == [target])
        let identity = EncryptionIdentity.height(target, epoch: 1, chainID: Self.chainID)
        // A share for height 14 before 14 is final is refused.
        var early = w.services[0]
        let earlyShare = early.keyShare(
            KeyShareMessage(keyEpoch: 1, height: target, share: shares[0].keyShare(for: identity)), tick: w.tick)
        guard case .badKeyShare = w.refusal(earlyShare) else { throw Failure("a share before finality must be refused") }
        try w.finalize()  // height 14: the target is final
        let s1 = w.services[0].keyShare(
            KeyShareMessage(keyEpoch: 1, height: target, share: shares[0].keyShare(for: identity)), tick: w.tick)
        let s3 = w.services[2].keyShare(
            KeyShareMessage(keyEpoch: 1, height: target, share: shares[2].keyShare(for: identity)), tick: w.tick)
        try w.finalize([s1, s3])  // height 15: the reveal
        #expect(w.ledger.threshold.openings[frame.id] == .opened(secret))
        #expect(w.ledger.threshold.openedAt[15] == [frame.id])
        #expect(w.ledger.threshold.revealed[target]?.verifies(masterKey: key.masterKey, identity: identity) == true)
        #expect(w.ledger.threshold.waitingHeights.isEmpty)
    }

    @Test("validators' Byzantine keygen and key-share frames are refused; so are misdirected encrypted frames")
    func refusals() throws {
        var w = try World()
        let (dealers, participants) = try w.committee()
        let tick0 = w.tick
        try w.finalize(
            w.services.indices.map { w.services[$0].register(tick: tick0) } + [
                w.client.register(tick: tick0), w.peer.register(tick: tick0),
            ])
        let dealing = try dealers[0].deal(recipientKeys: w.recipientKeys)
        // A dealing signed by validator 2's service naming dealer 1; one from a client service.
        var v2 = w.services[1]
        guard case .badKeyGen = w.refusal(v2.keygen(KeyGenMessage(keyEpoch: 1, body: .dealing(dealing)), tick: w.tick)) else {
            throw Failure("a dealing for another participant must be refused")
        }
        var c = w.client
        guard case .badKeyGen = w.refusal(c.keygen(KeyGenMessage(keyEpoch: 1, body: .dealing(dealing)), tick: w.tick)) else {
            throw Failure("a dealing from a service that is no validator must be refused")
        }
        // A dealing for another key epoch, and a complaint in the dealing phase.
        var v1 = w.services[0]
        guard case .badKeyGen = w.refusal(v1.keygen(KeyGenMessage(keyEpoch: 2, body: .dealing(dealing)), tick: w.tick)) else {
            throw Failure("a dealing for another epoch must be refused")
        }
        v1 = w.services[0]
        guard
            case .badKeyGen = w.refusal(
                v1.keygen(KeyGenMessage(keyEpoch: 1, body: .complaint(DKGComplaint(dealer: 2, complainer: 1))), tick: w.tick))
        else { throw Failure("a complaint in the dealing phase must be refused") }
        // Encrypted frames before any key.
        c = w.client
        let stray = try c.encrypted(
            [1], to: w.peer.identity.id, keyEpoch: 1, targetHeight: 14, masterKey: G2Point.generator, chainID: Self.chainID,
            tick: w.tick)
        guard case .badEncrypted = w.refusal(stray) else { throw Failure("an encrypted frame before any key must be refused") }

        // Dealer 4 sends validator 1 garbage and never justifies: validator 1 complains at height 3.
        var dealings = try dealers.map { try $0.deal(recipientKeys: w.recipientKeys) }
        dealings[3] = dealings[3].replacingBox(of: 1, with: [UInt8](repeating: 1, count: DKGDealing.boxLength))
        try w.finalize(
            (0..<4).map { w.services[$0].keygen(KeyGenMessage(keyEpoch: 1, body: .dealing(dealings[$0])), tick: w.tick) })
        let complaint = try #require(participants[0].complaint(about: dealings[3]))
        try w.finalize([w.services[0].keygen(KeyGenMessage(keyEpoch: 1, body: .complaint(complaint)), tick: w.tick)])
        // A wrong justification is refused in the justification phase.
        while w.height < 4 { try w.finalize() }
        var v4 = w.services[3]
        let wrong = DKGJustification(dealer: 4, complainer: 1, share: dealers[3].share(for: 1) + .one)
        guard case .badKeyGen = w.refusal(v4.keygen(KeyGenMessage(keyEpoch: 1, body: .justification(wrong)), tick: w.tick)) else {
            throw Failure("a justification that does not verify must be refused")
        }
        while w.height < Self.schedule.decidingHeight(of: 1) { try w.finalize() }
        let transcript = try #require(w.ledger.threshold.decided[1]?.transcript)
        #expect(transcript.qualified == [1, 2, 3])
        let shares = try participants.map { try $0.secretShare(from: transcript) }
        let key = try #require(w.ledger.threshold.keys[1])
        // Participant 2 puts the key on the chain: bad-key-share evidence points there.
        let keyFrame = w.services[1].epochKey(EpochKeyMessage(keyEpoch: 1, participant: 2, key: key), tick: w.tick)
        try w.finalize([keyFrame])
        let keyHeight = w.height

        while w.height < 12 { try w.finalize() }
        // Too far ahead, already final, another epoch: refused.
        for (target, epoch) in [(13 + 13, 1), (12, 1), (14, 2)] as [(UInt64, UInt64)] {
            var s = w.client
            let f = try s.encrypted(
                [1], to: w.peer.identity.id, keyEpoch: epoch, targetHeight: target, masterKey: key.masterKey,
                chainID: Self.chainID, tick: w.tick)
            guard case .badEncrypted = w.refusal(f) else { throw Failure("target \(target) epoch \(epoch) must be refused") }
        }
        // Two frames to height 14: one honest, one whose ciphertext was sealed for another header
        // (a copied ciphertext): ordered, then the copy is marked undecryptable, deterministically.
        let honest = try w.client.encrypted(
            [7, 7], to: w.peer.identity.id, keyEpoch: 1, targetHeight: 14, masterKey: key.masterKey, chainID: Self.chainID,
            tick: w.tick)
        let copied = w.peer.frame(to: w.client.identity.id, kind: .encrypted, payload: honest.sealedPayload, tick: w.tick)
        try w.finalize([honest, copied])
        try w.finalize()
        let identity = EncryptionIdentity.height(14, epoch: 1, chainID: Self.chainID)
        // Shares: a forged one — carried, as evidence against participant 1, which then may publish
        // no other share for height 14 —, one under another validator's service, then a valid one
        // and a repeat of it.
        let forged = DecryptionKeyShare(index: 1, point: shares[0].keyShare(for: identity).point + G1Point.generator)
        let forgedFrame = w.services[0].keyShare(KeyShareMessage(keyEpoch: 1, height: 14, share: forged), tick: w.tick)
        try w.finalize([forgedFrame])
        #expect(w.ledger.threshold.badShares.map(\.participant) == [1] && w.ledger.threshold.shares[14] == nil)
        func header(_ frames: [Frame], at height: UInt64) -> Header {
            Header(
                chainID: Self.chainID, height: height, round: 0, timestamp: 1, prevHash: .zero, proposerIndex: 0, vrfProof: [],
                vrfOutput: [], validatorSetHash: .zero, nextValidatorSetHash: .zero, framesRoot: Block.framesRoot(frames))
        }
        let committee = w.validators.set.validators.map(\.identityKey)
        let evidence = BadKeyShareEvidence(
            frames: [forgedFrame], index: 0, height: w.height, keyFrames: [keyFrame], keyIndex: 0, keyHeight: keyHeight)
        let carrying = header([forgedFrame], at: w.height)
        let keyBlock = header([keyFrame], at: keyHeight)
        #expect(try evidence.verify(header: carrying, keyHeader: keyBlock, chainID: Self.chainID, committee: committee) == 1)
        #expect(try BadKeyShareEvidence(canonicalBytes: evidence.canonicalBytes()) == evidence)
        // Not evidence: checked against another block, another key block, or another committee (not its signer).
        for (share, keyed, members) in [
            (header([forgedFrame], at: w.height + 1), keyBlock, committee),
            (carrying, header([keyFrame], at: keyHeight + 1), committee),
            (carrying, header([], at: keyHeight), committee), (carrying, keyBlock, committee.reversed()),
        ] {
            #expect(throws: TypesError.self) {
                try evidence.verify(header: share, keyHeader: keyed, chainID: Self.chainID, committee: members)
            }
        }
        // Nor with the key frame of another key epoch, or with another carried frame for the key.
        var otherEpoch = w.services[1]
        let epoch2 = otherEpoch.epochKey(EpochKeyMessage(keyEpoch: 2, participant: 2, key: key), tick: w.tick)
        for other in [epoch2, forgedFrame] {
            let e = BadKeyShareEvidence(
                frames: [forgedFrame], index: 0, height: w.height, keyFrames: [other], keyIndex: 0, keyHeight: keyHeight)
            #expect(throws: TypesError.self) {
                try e.verify(
                    header: carrying, keyHeader: header([other], at: keyHeight), chainID: Self.chainID, committee: committee)
            }
        }
        var late = w.services[0]
        guard
            case .badKeyShare = w.refusal(
                late.keyShare(KeyShareMessage(keyEpoch: 1, height: 14, share: shares[0].keyShare(for: identity)), tick: w.tick))
        else { throw Failure("a second share of participant 1 for height 14 must be refused") }
        var impostor = w.services[1]
        let theirs = impostor.keyShare(
            KeyShareMessage(keyEpoch: 1, height: 14, share: shares[0].keyShare(for: identity)), tick: w.tick)
        guard case .badKeyShare = w.refusal(theirs) else {
            throw Failure("a share under another validator's service must be refused")
        }
        var none = w.services[0]
        let nothing = none.keyShare(
            KeyShareMessage(
                keyEpoch: 1, height: 13,
                share: shares[0].keyShare(for: EncryptionIdentity.height(13, epoch: 1, chainID: Self.chainID))), tick: w.tick)
        guard case .badKeyShare = w.refusal(nothing) else {
            throw Failure("a share for a height nothing waits on must be refused")
        }
        let s2 = w.services[1].keyShare(
            KeyShareMessage(keyEpoch: 1, height: 14, share: shares[1].keyShare(for: identity)), tick: w.tick)
        var again = w.services[1]
        let repeatShare = again.keyShare(
            KeyShareMessage(keyEpoch: 1, height: 14, share: shares[1].keyShare(for: identity)), tick: w.tick)
        #expect(throws: FrameError.self) {
            try w.ledger.apply(block: [s2, repeatShare], height: w.height + 1, ticks: w.ticks, context: w.context)
        }
        // One share is below the threshold: nothing opens. A valid share is no evidence.
        try w.finalize([s2])
        #expect(w.ledger.threshold.openings.isEmpty)
        #expect(throws: TypesError.self) {
            try BadKeyShareEvidence(
                frames: [s2], index: 0, height: w.height, keyFrames: [keyFrame], keyIndex: 0, keyHeight: keyHeight
            ).verify(header: header([s2], at: w.height), keyHeader: keyBlock, chainID: Self.chainID, committee: committee)
        }
        let s3 = w.services[2].keyShare(
            KeyShareMessage(keyEpoch: 1, height: 14, share: shares[2].keyShare(for: identity)), tick: w.tick)
        try w.finalize([s3])
        #expect(w.ledger.threshold.openings[honest.id] == .opened([7, 7]))
        #expect(w.ledger.threshold.openings[copied.id] == .undecryptable)
        #expect(w.ledger.threshold.openedAt[w.height] == [honest.id, copied.id])
        // Validator 4 (disqualified as a dealer) still holds a share of the key and may reveal.
        #expect(shares[3].index == 4)
    }

    @Test(
        "an epoch-key frame is taken only for a decided key, byte for byte, from the committee participant it names, once each"
    )
    func epochKeyFrames() throws {
        var w = try World()
        let (dealers, _) = try w.committee()
        // Before the decision no key can be put on the chain.
        let tick0 = w.tick
        try w.finalize(
            w.services.indices.map { w.services[$0].register(tick: tick0) } + [
                w.client.register(tick: tick0), w.peer.register(tick: tick0),
            ])
        let early = try Self.testKey(seed: 9)
        var first = w.services[0]
        guard
            case .badEpochKey = w.refusal(first.epochKey(EpochKeyMessage(keyEpoch: 1, participant: 1, key: early), tick: w.tick))
        else { throw Failure("an epoch key before any decision must be refused") }
        let dealings = try dealers.map { try $0.deal(recipientKeys: w.recipientKeys) }
        try w.finalize(
            (0..<4).map { w.services[$0].keygen(KeyGenMessage(keyEpoch: 1, body: .dealing(dealings[$0])), tick: w.tick) })
        while w.height < Self.schedule.decidingHeight(of: 1) { try w.finalize() }
        let key = try #require(w.ledger.threshold.keys[1])
        // Refused: another key, another key epoch, a participant out of range, one signed by another
        // validator than the participant it names, one from a service that is no validator, one to
        // another service. (Each from a copy of its sender, whose nonce chain then stays put.)
        func from(_ sender: FrameSender, epoch: UInt64 = 1, participant: UInt32 = 1, key k: EpochPublicKey? = nil) -> Frame {
            var s = sender
            return s.epochKey(EpochKeyMessage(keyEpoch: epoch, participant: participant, key: k ?? key), tick: w.tick)
        }
        var misdirected = w.services[0]
        let cases: [(String, Frame)] = [
            ("another key", from(w.services[0], key: early)),
            ("another key epoch", from(w.services[0], epoch: 2)),
            ("participant 0", from(w.services[0], participant: 0)),
            ("participant 5", from(w.services[0], participant: 5)),
            ("an impostor", from(w.services[1], participant: 1)),
            ("a client", from(w.client)),
            (
                "to another service",
                misdirected.frame(
                    to: w.peer.identity.id, kind: .epochKey,
                    payload: EpochKeyMessage(keyEpoch: 1, participant: 1, key: key).canonicalBytes(), tick: w.tick)
            ),
        ]
        for (what, frame) in cases {
            guard case .badEpochKey = w.refusal(frame) else { throw Failure("\(what) must be refused") }
        }
        // Participants 2 and 3 put it on the chain in one block, 1 in the next; a repeat is refused.
        let two = w.services[1].epochKey(EpochKeyMessage(keyEpoch: 1, participant: 2, key: key), tick: w.tick)
        let three = w.services[2].epochKey(EpochKeyMessage(keyEpoch: 1, participant: 3, key: key), tick: w.tick)
        try w.finalize([two, three])
        let placed = try #require(w.ledger.threshold.keyFrames[1])
        #expect(placed.frameID == two.id && placed.carriedAt == w.height)
        let one = w.services[0].epochKey(EpochKeyMessage(keyEpoch: 1, participant: 1, key: key), tick: w.tick)
        try w.finalize([one])
        #expect(w.ledger.threshold.keyAnnouncers[1] == [1, 2, 3])
        #expect(w.ledger.threshold.keyFrames[1]?.frameID == two.id)
        guard case .badEpochKey = w.refusal(from(w.services[1], participant: 2)) else {
            throw Failure("a participant's second epoch-key frame must be refused")
        }
    }

    /// An epoch key of threshold 2 over 4 participants from a test polynomial (not any DKG's).
    static func testKey(seed: UInt64) throws -> EpochPublicKey {
        let c = SecretPolynomial(coefficients: [Fr(seed), Fr(seed + 1)]).commitment
        return try EpochPublicKey(threshold: 2, masterKey: c.constant, shareKeys: (1...4).map { c.evaluate(at: $0) })
    }

    @Test("a key generation with too few dealings fails: it is recorded as failed and no key serves")
    func failedGeneration() throws {
        var w = try World()
        let (dealers, _) = try w.committee()
        let tick0 = w.tick
        try w.finalize(w.services.indices.map { w.services[$0].register(tick: tick0) })
        let only = try dealers[0].deal(recipientKeys: w.recipientKeys)
        try w.finalize([w.services[0].keygen(KeyGenMessage(keyEpoch: 1, body: .dealing(only)), tick: w.tick)])
        while w.height < Self.schedule.decidingHeight(of: 1) { try w.finalize() }
        #expect(w.ledger.threshold.keys.isEmpty && w.ledger.threshold.failed == [1])
        #expect(w.ledger.threshold.servingEpoch(for: 14) == nil)
    }

    @Test("at most 128 encrypted frames may target one height (one reveal's work fits in a block); the 129th is refused")
    func perHeightLimit() throws {
        var w = try World()
        let (dealers, participants) = try w.committee()
        _ = try keyed(&w, dealers: dealers, participants: participants)
        let key = try #require(w.ledger.threshold.keys[1])
        while w.height < 12 { try w.finalize() }
        let limit = ThresholdLedger.maxEncryptedPerHeight
        var frames: [Frame] = []
        for i in 0..<limit {
            frames.append(
                try w.client.encrypted(
                    [UInt8(truncatingIfNeeded: i)], to: w.peer.identity.id, keyEpoch: 1, targetHeight: 20,
                    masterKey: key.masterKey,
                    chainID: Self.chainID, tick: w.tick))
        }
        try w.finalize(frames)
        var copy = w.client
        let extra = try copy.encrypted(
            [1], to: w.peer.identity.id, keyEpoch: 1, targetHeight: 20, masterKey: key.masterKey, chainID: Self.chainID,
            tick: w.tick)
        let refused = w.refusal(extra)
        guard case .badEncrypted(let why) = refused else {
            throw Failure("the 129th frame to a height must be refused, got \(String(describing: refused))")
        }
        #expect(why.contains("128"))
        var other = w.client
        let elsewhere = try other.encrypted(
            [1], to: w.peer.identity.id, keyEpoch: 1, targetHeight: 21, masterKey: key.masterKey, chainID: Self.chainID,
            tick: w.tick)
        #expect(w.refusal(elsewhere) == nil)
    }

    @Test("the validator trust domain is reserved: only the identity key a name carries registers it, once")
    func validatorNames() throws {
        var w = try World()
        let key = w.validators.keys[0]
        // Another key registering validator 0's name is refused.
        let squatter = try ServiceIdentity(
            name: ServiceName.validator(identityKey: key.publicKey.bytes), signingSeed: [UInt8](repeating: 9, count: 32),
            sessionSecret: X25519.generate().privateKey.bytes)
        var s = FrameSender(identity: squatter)
        guard case .badRegistration = w.refusal(s.register(tick: w.tick)) else {
            throw Failure("a squatted validator name must be refused")
        }
        #expect(ServiceName.validator(identityKey: key.publicKey.bytes).validatorIdentityKey == key.publicKey.bytes)
        // The validator itself registers it.
        let own = try ServiceIdentity(
            name: ServiceName.validator(identityKey: key.publicKey.bytes), signingSeed: key.seed.bytes,
            sessionSecret: X25519.generate().privateKey.bytes)
        var v = FrameSender(identity: own)
        let registration = v.register(tick: w.tick)
        #expect(w.refusal(registration) == nil)
        try w.finalize([registration])
        #expect(w.ledger.directory[own.id]?.signingKey == key.publicKey)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }
}
