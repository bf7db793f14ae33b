import BPIBLS
import BPICrypto
import BPIThreshold

/// A committee of n participants with real identity keys, and helpers to run key generation
/// between them with some of them misbehaving.
struct DKGFixture {
    let parameters: ThresholdParameters
    let identities: [Ed25519PrivateKey]
    let dealers: [DKGDealer]
    let participants: [DKGParticipant]

    init(n: Int, threshold: Int? = nil, session: [UInt8] = [UInt8](repeating: 7, count: 32)) throws {
        let parameters = try ThresholdParameters(
            n: n, threshold: threshold ?? ThresholdParameters.bftThreshold(n: n), session: session)
        let identities = (0..<n).map { _ in Ed25519PrivateKey.generate() }
        self.parameters = parameters
        self.identities = identities
        dealers = try (1...n).map { try DKGDealer(parameters: parameters, index: UInt32($0)) }
        participants = try identities.enumerated().map { (i, key) in
            try DKGParticipant(parameters: parameters, index: UInt32(i + 1), secret: key.x25519PrivateKey)
        }
    }

    var recipientKeys: [[UInt8]] { identities.map(\.publicKey.x25519PublicKey) }

    /// Every dealer's honest dealing.
    func dealings() throws -> [DKGDealing] { try dealers.map { try $0.deal(recipientKeys: recipientKeys) } }

    /// Runs the protocol over `dealings`: every participant complains about what fails for it,
    /// dealers in `silent` do not justify, the others do. Returns the transcript.
    func run(_ dealings: [DKGDealing], silent: Set<UInt32> = []) throws -> DKGTranscript {
        var transcript = DKGTranscript(parameters: parameters)
        for d in dealings { try transcript.add(d) }
        for p in participants {
            for d in transcript.dealings.values.sorted(by: { $0.dealer < $1.dealer }) {
                if let c = p.complaint(about: d) { try transcript.add(c) }
            }
        }
        for c in transcript.complaints where !silent.contains(c.dealer) {
            if let j = dealers[Int(c.dealer) - 1].justify(c) { try transcript.add(j) }
        }
        return transcript
    }

    /// The epoch secret share of every participant.
    func secretShares(_ transcript: DKGTranscript) throws -> [EpochSecretShare] {
        try participants.map { try $0.secretShare(from: transcript) }
    }

    /// The master secret (only a test, which holds every dealer, can know it).
    func masterSecret(_ transcript: DKGTranscript) -> Fr {
        transcript.qualified.reduce(Fr.zero) { $0 + lagrangeZero(dealers[Int($1) - 1]) }
    }

    /// f(0) of a dealer, interpolated from threshold of its shares.
    private func lagrangeZero(_ dealer: DKGDealer) -> Fr {
        let idx = (1...parameters.threshold).map { UInt32($0) }
        let l = try! Lagrange.coefficientsAtZero(idx)
        return zip(idx, l).reduce(Fr.zero) { $0 + dealer.share(for: $1.0) * $1.1 }
    }
}
