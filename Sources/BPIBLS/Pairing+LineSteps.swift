extension Pairing {
    /// The Miller loop's running point T on the twist, in homogeneous projective coordinates
    /// (x = X/Z, y = Y/Z), with the tangent and chord steps of Costello, Lange and Naehrig
    /// ("Faster pairing computations on curves with high-degree twists", 2010): the doubling costs
    /// 3 F_p² products and 6 squares with its line, against 6 and 8 for Jacobian doubling with a
    /// separate line. Each line (a, b, c) is the one `evaluate` takes, a + (b·x_P)·v + (c·y_P)·vw,
    /// times a factor in F_p² (−Z² for a tangent, −Z for a chord), which the final exponentiation
    /// removes.
    @usableFromInline
    struct LinePoint {
        @usableFromInline var x, y, z: Fp2

        /// The affine point (x, y).
        @usableFromInline
        init(affineX x: Fp2, y: Fp2) {
            self.x = x
            self.y = y
            self.z = .one
        }

        /// Tangent line at T, then T ← 2T. With B = Y², C = Z², E = 3b'·C (b' = 4ξ), H = 2YZ the
        /// line is (E − B, 3X², −H); the doubled point is CLN's (XY(B − 3E)/2, ((B + 3E)/2)² − 3E², B·H)
        /// scaled by 4, which avoids the halvings.
        @usableFromInline
        mutating func doublingStep() -> (Fp2, Fp2, Fp2) {
            let a = x * y
            let b = y.squared
            let c = z.squared
            let xiC = c.timesXi
            let e = (xiC.doubled + xiC).doubled.doubled  // 12ξ·C = 3b'·C
            let f = e.doubled + e
            let h = (y + z).squared - b - c
            let j = x.squared
            let e2 = e.squared
            let bPlusF = b + f
            x = (a * (b - f)).doubled
            y = bPlusF.squared - (e2.doubled + e2).doubled.doubled
            z = (b * h).doubled.doubled
            return (e - b, j.doubled + j, -h)
        }

        /// Chord through T and Q (affine), then T ← T + Q. With θ = Y − y_Q·Z and λ = X − x_Q·Z the
        /// line is (θ·x_Q − λ·y_Q, −θ, λ). T ≠ ±Q throughout the loop (T is a multiple of Q below r).
        @usableFromInline
        mutating func additionStep(_ q: (x: Fp2, y: Fp2)) -> (Fp2, Fp2, Fp2) {
            let theta = y - q.y * z
            let lambda = x - q.x * z
            let c = theta.squared
            let d = lambda.squared
            let e = lambda * d
            let f = z * c
            let g = x * d
            let h = e + f - g.doubled
            let line = (theta * q.x - lambda * q.y, -theta, lambda)
            x = lambda * h
            y = theta * (g - h) - e * y
            z = z * e
            return line
        }
    }
}
