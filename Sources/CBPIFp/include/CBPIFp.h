#ifndef CBPIFP_H
#define CBPIFP_H
#include <stdint.h>

/// Whether this CPU runs `bpi_fp_mul_mulx` (x86-64 with BMI2 and ADX; non-zero if so).
int bpi_fp_has_mulx(void);

/// Set once at load: non-zero when `bpi_fp_mul_mulx` is used — the CPU has it and the environment
/// does not ask for the portable path (`BPI_FP_KERNEL=portable`). Read through `bpi_fp_mulx_enabled`.
extern int bpi_fp_mulx_flag;

/// Whether F_p products use `bpi_fp_mul_mulx` (an inline load, so the check costs no call).
static inline int bpi_fp_mulx_enabled(void) { return bpi_fp_mulx_flag; }

/// The BLS12-381 F_p Montgomery product out = a·b·2^-384 mod p, for a, b < p in Montgomery form
/// (six little-endian 64-bit limbs each), with MULX/ADCX/ADOX. Branch-free. Call it only where
/// `bpi_fp_has_mulx()` is non-zero. `out` may alias `a` or `b`.
void bpi_fp_mul_mulx(uint64_t out[6], const uint64_t a[6], const uint64_t b[6]);

/// x ← x^(2^n) in place: n Montgomery squares by `bpi_fp_mul_mulx`, chained here so that an
/// exponentiation's runs of squarings pay no call from Swift per step. Call it only where
/// `bpi_fp_has_mulx()` is non-zero.
void bpi_fp_sqr_n_mulx(uint64_t x[6], int n);

/// The F_p² product out = a·b for a = a0 + a1·u, b = b0 + b1·u (u² = −1), each coordinate in
/// Montgomery form below p (twelve limbs: c0, then c1): Karatsuba with one reduction per output
/// coordinate (lazy reduction). Branch-free. Call it only where `bpi_fp_has_mulx()` is non-zero.
/// `out` may alias `a` or `b`.
void bpi_fp2_mul_mulx(uint64_t out[12], const uint64_t a[12], const uint64_t b[12]);

/// The F_p² square out = a² ((a0 + a1)(a0 − a1), 2·a0·a1), one reduction per coordinate.
/// Branch-free. Call it only where `bpi_fp_has_mulx()` is non-zero. `out` may alias `a`.
void bpi_fp2_sqr_mulx(uint64_t out[12], const uint64_t a[12]);

/// The F_p⁶ product out = a·b in F_p²[v]/(v³ − ξ) (36 limbs each: c0, c1, c2 in F_p²): Karatsuba
/// over F_p² with each F_p² product reduced once per coordinate, in one call. Branch-free. Call it
/// only where `bpi_fp_has_mulx()` is non-zero. `out` may alias `a` or `b`.
void bpi_fp6_mul_mulx(uint64_t out[36], const uint64_t a[36], const uint64_t b[36]);

/// The F_p⁴ square (a + b·s)² = (a² + ξ·b²) + 2ab·s in F_p²[s]/(s² − ξ), ξ = 1 + u (out: 24 limbs,
/// c0 then c1), from seven 768-bit products and four reductions: the inner step of the cyclotomic
/// squaring. Branch-free. Call it only where `bpi_fp_has_mulx()` is non-zero. `out` may alias
/// neither `a` nor `b`.
void bpi_fp4_sqr_mulx(uint64_t out[24], const uint64_t a[12], const uint64_t b[12]);

/// The Granger–Scott cyclotomic square of an F_p¹² element (72 limbs: c0 then c1, each three F_p²):
/// three F_p⁴ squares and their combinations in one call. Equal to the square only on the
/// cyclotomic subgroup (the formula is the one `Fp12.cyclotomicSquared` documents). Branch-free.
/// Call it only where `bpi_fp_has_mulx()` is non-zero. `out` may alias `a`.
void bpi_fp12_cyclotomic_sqr_mulx(uint64_t out[72], const uint64_t a[72]);

/// 2P for a G1 point in Jacobian coordinates (X, Y, Z: 18 limbs, Montgomery form), dbl-2009-l as
/// `JacobianPoint.doubled` computes it, in one call. Branch-free; the point at infinity (Z = 0)
/// maps to a point with Z = 0. Call it only where `bpi_fp_has_mulx()` is non-zero. `out` may alias `p`.
void bpi_g1_double_mulx(uint64_t out[18], const uint64_t p[18]);
#endif
