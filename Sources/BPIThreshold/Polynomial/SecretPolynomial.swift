import BPIBLS

/// A random polynomial f over F_r of degree threshold − 1 whose constant term is a dealer's
/// secret contribution; participant j's share is f(j). Only its dealer ever holds it.
public struct SecretPolynomial: Sendable {
    /// Coefficients, constant term first.
    let coefficients: [Fr]

    /// A uniformly random polynomial of the given degree.
    public init(randomOfDegree degree: Int) {
        precondition(degree >= 0, "a polynomial degree is not negative")
        coefficients = (0...degree).map { _ in Fr.random() }
    }

    /// A polynomial with these coefficients (tests and oracles).
    public init(coefficients: [Fr]) {
        precondition(!coefficients.isEmpty, "a polynomial has at least a constant term")
        self.coefficients = coefficients
    }

    /// f(x) by Horner's rule.
    public func evaluate(at x: Fr) -> Fr { coefficients.reversed().reduce(Fr.zero) { $0 * x + $1 } }

    /// The share of participant `index`: f(index).
    public func share(for index: UInt32) -> Fr { evaluate(at: Fr(UInt64(index))) }

    /// The public Feldman commitment: each coefficient times the G2 generator.
    public var commitment: FeldmanCommitment {
        FeldmanCommitment(unchecked: coefficients.map { G2Point.generator.multiplied(by: $0) })
    }
}
