"""Test oracle for BPIBLS's Groth16 verifier and multi-scalar multiplication: an independent
Groth16 over BLS12-381 (trusted setup, QAP, prover, verifier) on the PyPI py_ecc package.

THIS IS A TEST ORACLE, NOT PRODUCT CODE: its "trusted setup" derives the toxic waste from a seed
given on stdin, so anyone holding the seed can forge proofs. It exists to produce vectors that a
prover other than ours made, and to check verdicts with a pairing other than ours.

The statement (docs/SPEC.md §14.8, "range-v1"): public inputs [bound, commitment]; the prover knows
value and salt with
    commitment = MiMC5_salt(value)  (110 rounds x -> (x + salt + c_i)^5, then + salt)
    value < bound, value and bound - 1 - value both in [0, 2^bits)
Modes (JSON on stdin, JSON on stdout):
  prove   {seed, value, bound, salt, bits} -> {vk, proof, inputs, constraints}   (vk: canonical CBOR hex,
          proof: A||B||C compressed hex, inputs: 32-byte big-endian hex)
  verify  {vk, proof, inputs}              -> {"valid": bool} ("valid": false for malformed bytes too)
  msm     {group: "g1"|"g2", points: [compressed hex], scalars: [hex]} -> {"sum": compressed hex}
"""
import hashlib
import json
import sys

import cbor2
from py_ecc.bls.point_compression import compress_G1, compress_G2, decompress_G1, decompress_G2
from py_ecc.optimized_bls12_381 import (
    FQ12,
    G1,
    G2,
    Z1,
    Z2,
    add,
    curve_order as R,
    final_exponentiate,
    is_inf,
    is_on_curve,
    multiply,
    neg,
    b as B1,
    b2 as B2,
    pairing,
)

ROUNDS = 110


def field(label, i=0):
    return int.from_bytes(hashlib.sha256(label + i.to_bytes(4, "big")).digest(), "big") % R


def mimc_constants():
    return [field(b"bpi groth16 range-v1 mimc constant", i) for i in range(ROUNDS)]


def mimc(value, salt):
    x = value % R
    for c in mimc_constants():
        x = pow((x + salt + c) % R, 5, R)
    return (x + salt) % R


class Circuit:
    """R1CS: constraints (a, b, c) of linear combinations {variable: coefficient}."""

    def __init__(self, public):
        self.n = 1 + public  # variable 0 is the constant 1, then the public inputs
        self.public = public
        self.constraints = []

    def var(self):
        self.n += 1
        return self.n - 1

    def add(self, a, b, c):
        self.constraints.append((a, b, c))


def range_circuit(bits):
    """Builds the range-v1 circuit; returns it and a witness function."""
    c = Circuit(public=2)
    ONE, BOUND, COMMIT = 0, 1, 2
    value, salt = c.var(), c.var()
    vbits = [c.var() for _ in range(bits)]
    dbits = [c.var() for _ in range(bits)]
    rounds = []
    for i in range(ROUNDS):
        rounds.append((c.var(), c.var(), c.var()))  # t2, t4, x_next
    # Public inputs take part in a constraint each (their A-polynomials independent).
    for j in range(1 + c.public):
        c.add({j: 1}, {}, {})
    for v in vbits + dbits:
        c.add({v: 1}, {v: 1}, {v: 1})
    c.add({v: 1 << i for i, v in enumerate(vbits)}, {ONE: 1}, {value: 1})
    lhs = {d: 1 << i for i, d in enumerate(dbits)}
    lhs[value] = 1
    lhs[ONE] = 1
    c.add(lhs, {ONE: 1}, {BOUND: 1})
    consts = mimc_constants()
    x = value
    for i, (t2, t4, nxt) in enumerate(rounds):
        t = {x: 1, salt: 1, ONE: consts[i]}
        c.add(t, t, {t2: 1})
        c.add({t2: 1}, {t2: 1}, {t4: 1})
        c.add({t4: 1}, t, {nxt: 1})
        x = nxt
    c.add({x: 1, salt: 1}, {ONE: 1}, {COMMIT: 1})

    def witness(v, bound, s):
        d = bound - 1 - v
        assert 0 <= v < (1 << bits) and 0 <= d < (1 << bits), "value < bound does not hold in range"
        z = [0] * c.n
        z[ONE], z[BOUND], z[value], z[salt] = 1, bound % R, v, s
        for i in range(bits):
            z[vbits[i]] = (v >> i) & 1
            z[dbits[i]] = (d >> i) & 1
        xv = v
        for i, (t2, t4, nxt) in enumerate(rounds):
            t = (xv + s + consts[i]) % R
            z[t2] = t * t % R
            z[t4] = z[t2] * z[t2] % R
            z[nxt] = z[t4] * t % R
            xv = z[nxt]
        z[COMMIT] = (xv + s) % R
        return z

    return c, witness


def lc(comb, z):
    return sum(coef * z[v] for v, coef in comb.items()) % R


def poly_mul(a, b):
    out = [0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                out[i + j] = (out[i + j] + x * y) % R
    return out


def vanishing(m):
    t = [1]
    for k in range(1, m + 1):
        t = poly_mul(t, [(-k) % R, 1])
    return t


def interpolate(values, t):
    """Coefficients of the polynomial through (k, values[k-1]), k = 1..m, given t = prod(x - k)."""
    m = len(values)
    out = [0] * m
    fact = [1] * (m + 1)
    for i in range(1, m + 1):
        fact[i] = fact[i - 1] * i % R
    for j in range(1, m + 1):
        y = values[j - 1]
        if y == 0:
            continue
        denom = fact[j - 1] * fact[m - j] * (1 if (m - j) % 2 == 0 else R - 1) % R
        scale = y * pow(denom, R - 2, R) % R
        # q = t / (x - j) by synthetic division (t has degree m, leading coefficient first from the top).
        q = [0] * m
        carry = 0
        for k in range(m, 0, -1):
            carry = (t[k] + carry * j) % R
            q[k - 1] = carry
        for k in range(m):
            out[k] = (out[k] + scale * q[k]) % R
    return out


def evaluate_basis(circuit, tau):
    """u_i(tau), v_i(tau), w_i(tau) for every variable, and t(tau)."""
    m = len(circuit.constraints)
    t_tau = 1
    for k in range(1, m + 1):
        t_tau = t_tau * (tau - k) % R
    fact = [1] * (m + 1)
    for i in range(1, m + 1):
        fact[i] = fact[i - 1] * i % R
    lag = []
    for j in range(1, m + 1):
        denom = fact[j - 1] * fact[m - j] * (1 if (m - j) % 2 == 0 else R - 1) % R
        lag.append(t_tau * pow((tau - j) * denom % R, R - 2, R) % R)
    u, v, w = [0] * circuit.n, [0] * circuit.n, [0] * circuit.n
    for j, (a, b, c) in enumerate(circuit.constraints):
        for var, coef in a.items():
            u[var] = (u[var] + coef * lag[j]) % R
        for var, coef in b.items():
            v[var] = (v[var] + coef * lag[j]) % R
        for var, coef in c.items():
            w[var] = (w[var] + coef * lag[j]) % R
    return u, v, w, t_tau


def msm(points, scalars, zero):
    acc = zero
    for p, k in zip(points, scalars):
        if k % R:
            acc = add(acc, multiply(p, k % R))
    return acc


def inv(x):
    return pow(x, R - 2, R)


def setup(circuit, seed):
    tau, alpha, beta, gamma, delta = (field(b"groth16 oracle toxic " + seed.encode() + n, 0) for n in (b"t", b"a", b"b", b"g", b"d"))
    u, v, w, t_tau = evaluate_basis(circuit, tau)
    m = len(circuit.constraints)
    ell = circuit.public
    ic = [multiply(G1, (beta * u[i] + alpha * v[i] + w[i]) * inv(gamma) % R) for i in range(ell + 1)]
    vk = {
        "alpha": multiply(G1, alpha), "beta": multiply(G2, beta), "gamma": multiply(G2, gamma), "delta": multiply(G2, delta),
        "ic": ic,
    }
    pk = {
        "alpha": vk["alpha"], "beta1": multiply(G1, beta), "beta2": vk["beta"], "delta1": multiply(G1, delta), "delta2": vk["delta"],
        "a": [multiply(G1, x) for x in u],
        "b1": [multiply(G1, x) for x in v],
        "b2": [multiply(G2, x) for x in v],
        "l": [None] * (ell + 1) + [multiply(G1, (beta * u[i] + alpha * v[i] + w[i]) * inv(delta) % R) for i in range(ell + 1, circuit.n)],
        "h": [multiply(G1, pow(tau, k, R) * t_tau * inv(delta) % R) for k in range(m - 1)],
    }
    return vk, pk


def prove(circuit, pk, z, seed):
    m = len(circuit.constraints)
    for a, b, c in circuit.constraints:
        assert lc(a, z) * lc(b, z) % R == lc(c, z), "the witness does not satisfy the constraints"
    t = vanishing(m)
    pa = interpolate([lc(a, z) for a, _, _ in circuit.constraints], t)
    pb = interpolate([lc(b, z) for _, b, _ in circuit.constraints], t)
    pc = interpolate([lc(c, z) for _, _, c in circuit.constraints], t)
    p = poly_mul(pa, pb)
    for i, x in enumerate(pc):
        p[i] = (p[i] - x) % R
    # h = p / t, exactly (t is monic of degree m).
    rem = p[:]
    h = [0] * (len(p) - m)
    for k in range(len(p) - 1, m - 1, -1):
        q = rem[k]
        h[k - m] = q
        if q:
            for i in range(m + 1):
                rem[k - m + i] = (rem[k - m + i] - q * t[i]) % R
    assert all(x == 0 for x in rem[:m]), "A*B - C is not divisible by t: the QAP does not hold"
    r, s = field(b"groth16 oracle prover r " + seed.encode()), field(b"groth16 oracle prover s " + seed.encode())
    ell = circuit.public
    A = add(add(pk["alpha"], msm(pk["a"], z, Z1)), multiply(pk["delta1"], r))
    B2v = add(add(pk["beta2"], msm(pk["b2"], z, Z2)), multiply(pk["delta2"], s))
    B1v = add(add(pk["beta1"], msm(pk["b1"], z, Z1)), multiply(pk["delta1"], s))
    C = msm(pk["l"][ell + 1:], z[ell + 1:], Z1)
    C = add(C, msm(pk["h"], h, Z1))
    C = add(C, multiply(A, s))
    C = add(C, multiply(B1v, r))
    C = add(C, neg(multiply(pk["delta1"], r * s % R)))
    return A, B2v, C


def encode_vk(vk):
    return cbor2.dumps([
        1, "groth16-bls12-381", compress_g1(vk["alpha"]), compress_g2(vk["beta"]), compress_g2(vk["gamma"]),
        compress_g2(vk["delta"]), [compress_g1(p) for p in vk["ic"]],
    ])


def compress_g1(p):
    return compress_G1(p).to_bytes(48, "big")


def compress_g2(p):
    z1, z2 = compress_G2(p)
    return z1.to_bytes(48, "big") + z2.to_bytes(48, "big")


def decompress_g1(b):
    if len(b) != 48:
        raise ValueError("length")
    p = decompress_G1(int.from_bytes(b, "big"))
    if not is_inf(p) and not is_inf(multiply(p, R)):
        raise ValueError("subgroup")
    return p


def decompress_g2(b):
    if len(b) != 96:
        raise ValueError("length")
    p = decompress_G2((int.from_bytes(b[:48], "big"), int.from_bytes(b[48:], "big")))
    if not is_inf(p) and not is_inf(multiply(p, R)):
        raise ValueError("subgroup")
    return p


def verify(vk_bytes, proof, inputs):
    try:
        f = cbor2.loads(vk_bytes)
        if cbor2.dumps(f) != vk_bytes or f[0] != 1 or f[1] != "groth16-bls12-381" or len(f) != 7:
            return False
        alpha, beta, gamma, delta = decompress_g1(f[2]), decompress_g2(f[3]), decompress_g2(f[4]), decompress_g2(f[5])
        ic = [decompress_g1(p) for p in f[6]]
        if len(proof) != 192 or len(inputs) + 1 != len(ic):
            return False
        A, B, C = decompress_g1(proof[:48]), decompress_g2(proof[48:144]), decompress_g1(proof[144:])
        if any(is_inf(p) for p in (A, B, C, alpha, beta, gamma, delta)):
            return False
        xs = [int.from_bytes(x, "big") for x in inputs]
        if any(len(x) != 32 for x in inputs) or any(x >= R for x in xs):
            return False
    except Exception:
        return False
    L = ic[0]
    for x, p in zip(xs, ic[1:]):
        L = add(L, multiply(p, x))
    lhs = pairing(B, A, final_exponentiate=False)
    rhs = pairing(beta, alpha, final_exponentiate=False) * pairing(gamma, L, final_exponentiate=False) * pairing(
        delta, C, final_exponentiate=False)
    return final_exponentiate(lhs) == final_exponentiate(rhs)


def main():
    mode = sys.argv[1]
    req = json.loads(sys.stdin.read())
    if mode == "prove":
        circuit, witness = range_circuit(req["bits"])
        z = witness(req["value"], req["bound"], req["salt"] % R)
        vk, pk = setup(circuit, req["seed"])
        A, B, C = prove(circuit, pk, z, req["seed"])
        inputs = [z[1].to_bytes(32, "big").hex(), z[2].to_bytes(32, "big").hex()]
        assert verify(encode_vk(vk), compress_g1(A) + compress_g2(B) + compress_g1(C), [bytes.fromhex(x) for x in inputs])
        print(json.dumps({
            "vk": encode_vk(vk).hex(), "proof": (compress_g1(A) + compress_g2(B) + compress_g1(C)).hex(), "inputs": inputs,
            "constraints": len(circuit.constraints), "commitment_check": mimc(req["value"], req["salt"] % R) == z[2],
        }))
    elif mode == "verify":
        print(json.dumps({"valid": verify(bytes.fromhex(req["vk"]), bytes.fromhex(req["proof"]),
                                          [bytes.fromhex(x) for x in req["inputs"]])}))
    elif mode == "msm":
        g1 = req["group"] == "g1"
        pts = [decompress_g1(bytes.fromhex(p)) if g1 else decompress_g2(bytes.fromhex(p)) for p in req["points"]]
        total = msm(pts, [int(k, 16) for k in req["scalars"]], Z1 if g1 else Z2)
        print(json.dumps({"sum": (compress_g1(total) if g1 else compress_g2(total)).hex()}))
    else:
        raise SystemExit("modes: prove, verify, msm")


if __name__ == "__main__":
    main()
