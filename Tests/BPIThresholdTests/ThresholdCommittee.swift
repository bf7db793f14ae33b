import BPIBLS
import BPIThreshold

/// A committee dealt from one known polynomial (as a trusted dealer would): tests of encryption
/// and reveal need the master secret to compare with an oracle; key generation has its own tests.
struct ThresholdCommittee {
    let polynomial: SecretPolynomial
    let coefficients: [Fr]
    let n: Int
    let key: EpochPublicKey
    let shares: [EpochSecretShare]

    init(n: Int, threshold: Int) throws {
        let coefficients = (0..<threshold).map { _ in Fr.random() }
        let polynomial = SecretPolynomial(coefficients: coefficients)
        self.coefficients = coefficients
        self.polynomial = polynomial
        self.n = n
        shares = (1...n).map { EpochSecretShare(index: UInt32($0), scalar: polynomial.share(for: UInt32($0))) }
        key = try EpochPublicKey(
            threshold: threshold, masterKey: polynomial.commitment.constant,
            shareKeys: (1...n).map { G2Point.generator.multiplied(by: polynomial.share(for: UInt32($0))) })
    }

    var masterSecret: Fr { coefficients[0] }
}
