import BPIBLS
import BPICodec
import BPICrypto
import BPIThreshold
import Testing

/// Key generation with honest and Byzantine dealers and participants (SPEC §16.2). Who can send
/// what: a dealer may send a box that does not open or holds a wrong share, deal twice, ignore a
/// complaint or answer it with a wrong share, or deal for another session; a participant may
/// complain falsely. In every run the honest participants end with shares of one key whose
/// secret no single party chose.
@Suite("Key generation")
struct DKGTranscriptTests {
    @Test(
        "honest runs for 4, 7 and 10: every participant's share matches the public share; t shares rebuild the master secret",
        arguments: [4, 7, 10])
    func honest(n: Int) throws {
        let fx = try DKGFixture(n: n)
        let transcript = try fx.run(fx.dealings())
        #expect(transcript.complaints.isEmpty)
        #expect(transcript.qualified == (1...n).map { UInt32($0) })
        let key = try transcript.epochKey()
        let shares = try fx.secretShares(transcript)
        #expect(key.threshold == ThresholdParameters.bftThreshold(n: n))
        #expect(key.masterKey == G2Point.generator.multiplied(by: fx.masterSecret(transcript)))
        // Any threshold of secret shares interpolates the master secret.
        let chosen = Array(shares.suffix(key.threshold))
        let l = try Lagrange.coefficientsAtZero(chosen.map(\.index))
        let secret = zip(chosen, l).reduce(Fr.zero) { $0 + Fr(bigEndian: $1.0.bytes)! * $1.1 }
        #expect(secret == fx.masterSecret(transcript))
    }

    @Test("a dealer whose box for one participant is garbage is complained about, justifies publicly, and stays")
    func justifiedComplaint() throws {
        let fx = try DKGFixture(n: 4)
        var dealings = try fx.dealings()
        dealings[0] = dealings[0].replacingBox(of: 3, with: [UInt8](repeating: 9, count: DKGDealing.boxLength))
        let transcript = try fx.run(dealings)
        #expect(transcript.complaints == [DKGComplaint(dealer: 1, complainer: 3)])
        #expect(transcript.qualified == [1, 2, 3, 4])
        // Participant 3 takes dealer 1's share from the justification.
        #expect(try fx.secretShares(transcript).count == 4)
    }

    @Test("a dealer that sends a share not matching its commitment and never justifies is disqualified; the rest still agree")
    func unjustified() throws {
        let fx = try DKGFixture(n: 4)
        var dealings = try fx.dealings()
        // Dealer 2 commits to another polynomial than the one it shares.
        let other = SecretPolynomial(randomOfDegree: fx.parameters.threshold - 1)
        dealings[1] = DKGDealing(
            dealer: 2, commitment: other.commitment, ephemeralKey: dealings[1].ephemeralKey, boxes: dealings[1].boxes)
        let transcript = try fx.run(dealings, silent: [2])
        #expect(Set(transcript.complaints.map(\.dealer)) == [2])
        #expect(transcript.qualified == [1, 3, 4])
        #expect(transcript.excluded.map(\.dealer) == [2])
        let key = try transcript.epochKey()
        let shares = try fx.secretShares(transcript)
        #expect(key.masterKey == G2Point.generator.multiplied(by: fx.masterSecret(transcript)))
        for s in shares { #expect(G2Point.generator.multiplied(by: Fr(bigEndian: s.bytes)!) == key.shareKeys[Int(s.index) - 1]) }
    }

    @Test("a justification whose share does not verify is refused and leaves the dealer disqualified")
    func badJustification() throws {
        let fx = try DKGFixture(n: 4)
        var dealings = try fx.dealings()
        dealings[3] = dealings[3].replacingBox(of: 1, with: [UInt8](repeating: 1, count: DKGDealing.boxLength))
        var transcript = try fx.run(dealings, silent: [4])
        let good = fx.dealers[3].justify(DKGComplaint(dealer: 4, complainer: 1))!
        #expect(throws: ThresholdError.self) {
            try transcript.add(DKGJustification(dealer: 4, complainer: 1, share: good.share + .one))
        }
        #expect(transcript.qualified == [1, 2, 3])
        // A justification nobody asked for is refused.
        #expect(throws: ThresholdError.self) { try transcript.add(DKGJustification(dealer: 2, complainer: 1, share: .one)) }
        try transcript.add(good)
        #expect(transcript.qualified == [1, 2, 3, 4])
    }

    @Test("a dealer that deals twice differently is disqualified; a repeat of the same dealing is harmless")
    func equivocation() throws {
        let fx = try DKGFixture(n: 4)
        let dealings = try fx.dealings()
        var transcript = DKGTranscript(parameters: fx.parameters)
        for d in dealings { try transcript.add(d) }
        try transcript.add(dealings[0])
        #expect(transcript.qualified == [1, 2, 3, 4])
        try transcript.add(try fx.dealers[0].deal(recipientKeys: fx.recipientKeys))
        #expect(transcript.qualified == [2, 3, 4])
        #expect(transcript.excluded.first?.reason == "sent two different dealings")
    }

    @Test("a dealing for another session cannot be opened: every participant complains, and an unjustifying dealer is out")
    func replayedDealing() throws {
        let fx = try DKGFixture(n: 4)
        let other = try ThresholdParameters(n: 4, threshold: 2, session: [UInt8](repeating: 8, count: 32))
        let foreign = try DKGDealer(parameters: other, index: 1).deal(recipientKeys: fx.recipientKeys)
        var dealings = try fx.dealings()
        dealings[0] = foreign
        let transcript = try fx.run(dealings, silent: [1])
        #expect(transcript.complaints.count == 3)
        #expect(transcript.qualified == [2, 3, 4])
    }

    @Test("too few qualified dealers fail key generation with a message; malformed messages are refused on receipt")
    func failures() throws {
        let fx = try DKGFixture(n: 4)
        let dealings = try fx.dealings()
        var transcript = DKGTranscript(parameters: fx.parameters)
        try transcript.add(dealings[0])
        #expect(throws: ThresholdError.keyGenerationFailed(qualified: 1, need: 2)) { try transcript.epochKey() }
        // Wrong commitment size, wrong box count, out-of-range dealer.
        let short = DKGDealing(
            dealer: 2, commitment: SecretPolynomial(randomOfDegree: 0).commitment, ephemeralKey: dealings[1].ephemeralKey,
            boxes: dealings[1].boxes)
        #expect(throws: ThresholdError.self) { try transcript.add(short) }
        let fewBoxes = DKGDealing(
            dealer: 2, commitment: dealings[1].commitment, ephemeralKey: dealings[1].ephemeralKey,
            boxes: Array(dealings[1].boxes.prefix(3)))
        #expect(throws: ThresholdError.self) { try transcript.add(fewBoxes) }
        let outOfRange = DKGDealing(
            dealer: 5, commitment: dealings[1].commitment, ephemeralKey: dealings[1].ephemeralKey, boxes: dealings[1].boxes)
        #expect(throws: ThresholdError.indexOutOfRange(5, n: 4)) { try transcript.add(outOfRange) }
        // Complaints about a dealer that has not dealt, or about oneself.
        #expect(throws: ThresholdError.self) { try transcript.add(DKGComplaint(dealer: 3, complainer: 1)) }
        #expect(throws: ThresholdError.self) { try transcript.add(DKGComplaint(dealer: 1, complainer: 1)) }
        #expect(throws: ThresholdError.self) {
            try ThresholdParameters(n: 4, threshold: 5, session: [UInt8](repeating: 0, count: 32))
        }
        #expect(throws: ThresholdError.self) { try ThresholdParameters(n: 4, threshold: 2, session: [1]) }
        #expect([1, 4, 7, 10, 100].map(ThresholdParameters.bftThreshold) == [1, 2, 3, 4, 34])
    }

    @Test("a participant that did not complain in time about a bad box cannot form its share, and says so")
    func missedComplaint() throws {
        let fx = try DKGFixture(n: 4)
        var dealings = try fx.dealings()
        dealings[0] = dealings[0].replacingBox(of: 2, with: [UInt8](repeating: 3, count: DKGDealing.boxLength))
        var transcript = DKGTranscript(parameters: fx.parameters)
        for d in dealings { try transcript.add(d) }
        #expect(throws: ThresholdError.secretShareMismatch(2)) { try fx.participants[1].secretShare(from: transcript) }
        #expect(try fx.participants[0].secretShare(from: transcript).index == 1)
    }

    @Test(
        "a dealer derived from a secret deals the same bytes twice (a restarted validator repeats, never equivocates); another secret or session deals otherwise"
    )
    func derivedDealer() throws {
        let fx = try DKGFixture(n: 4)
        let secret = SecretBytes([UInt8](repeating: 42, count: 32))
        let a = try DKGDealer(parameters: fx.parameters, index: 2, derivingFrom: secret).deal(recipientKeys: fx.recipientKeys)
        let b = try DKGDealer(parameters: fx.parameters, index: 2, derivingFrom: secret).deal(recipientKeys: fx.recipientKeys)
        #expect(a == b && a.canonicalBytes() == b.canonicalBytes())
        var transcript = DKGTranscript(parameters: fx.parameters)
        try transcript.add(a)
        try transcript.add(b)
        #expect(transcript.disqualified.isEmpty)
        let other = try DKGDealer(
            parameters: fx.parameters, index: 2, derivingFrom: SecretBytes([UInt8](repeating: 43, count: 32)))
        #expect(try other.deal(recipientKeys: fx.recipientKeys).commitment != a.commitment)
        let session2 = try ThresholdParameters(n: 4, threshold: 2, session: [UInt8](repeating: 1, count: 32))
        #expect(
            try DKGDealer(parameters: session2, index: 2, derivingFrom: secret).deal(recipientKeys: fx.recipientKeys).commitment
                != a.commitment)
        // Its boxes open for the participants and answer complaints like any dealer's.
        #expect(fx.participants[0].share(in: a) != nil)
    }

    @Test("dealings, complaints and justifications round-trip canonically; bad fields are refused")
    func codec() throws {
        let fx = try DKGFixture(n: 4)
        let dealing = try fx.dealings()[2]
        #expect(try DKGDealing(canonicalBytes: dealing.canonicalBytes()) == dealing)
        let complaint = DKGComplaint(dealer: 3, complainer: 1)
        #expect(try DKGComplaint(canonicalBytes: complaint.canonicalBytes()) == complaint)
        let justification = fx.dealers[2].justify(complaint)!
        #expect(try DKGJustification(canonicalBytes: justification.canonicalBytes()) == justification)
        // A share ≥ r, dealer 0, a version 2.
        var f = justification.cborFields
        f[3] = .bytes([UInt8](repeating: 0xFF, count: 32))
        #expect(throws: CBORError.self) { try DKGJustification(canonicalBytes: CBOREncoder.encode(.array(f))) }
        #expect(throws: CBORError.self) {
            try DKGComplaint(canonicalBytes: CBOREncoder.encode(.array([.unsigned(1), .unsigned(0), .unsigned(1)])))
        }
        var d = dealing.cborFields
        d[0] = .unsigned(2)
        #expect(throws: CBORError.self) { try DKGDealing(canonicalBytes: CBOREncoder.encode(.array(d))) }
        d = dealing.cborFields
        d[2] = .array([.bytes(G2Point.infinity.compressed), .bytes(G2Point.generator.compressed)])
        #expect(throws: CBORError.self) { try DKGDealing(canonicalBytes: CBOREncoder.encode(.array(d))) }
    }
}
