"""Oracle for BPIBLS tests: independent arithmetic from Python integers and the PyPI py_ecc package.
  fp            stdin lines "a b" (48-byte hex) -> "a+b a-b a*b inv(a) sqrt_exists(a)"
  sig N         stdin lines "ikm msg pk sig" (x-prefixed hex) -> "sk pk sig pop verdict", computed by
                py_ecc from ikm and msg; verdict says whether py_ecc's pairing accepts the given pk/sig
                (checked for the first N lines only: pairings in Python are slow), else "-"
"""
import hashlib
import sys

P = 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB


def h48(x):
    return "%096x" % x


def lines():
    return [l for l in sys.stdin.read().split("\n") if l]


def fp_mode():
    for l in lines():
        a, b = (int(x, 16) for x in l.split())
        inv = pow(a, P - 2, P)
        sq = pow(a, (P - 1) // 2, P) in (0, 1)
        print(h48((a + b) % P), h48((a - b) % P), h48(a * b % P), h48(inv), "1" if sq else "0")


def sig_mode(check):
    from py_ecc.bls import G2ProofOfPossession as scheme
    from py_ecc.bls.g2_primitives import G1_to_pubkey, G2_to_signature, pubkey_to_G1, signature_to_G2
    from py_ecc.bls.hash_to_curve import hash_to_G1
    from py_ecc.optimized_bls12_381 import G2, multiply, pairing

    sig_dst = b"BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_"
    pop_dst = b"BLS_POP_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_"
    for i, line in enumerate(lines()):
        fields = [bytes.fromhex(x[1:]) for x in line.split(" ")]
        ikm, msg = fields[0], fields[1]
        sk = scheme.KeyGen(ikm)
        pk_bytes = G2_to_signature(multiply(G2, sk))  # the generic 96-byte compressed G2 encoding
        sig = multiply(hash_to_G1(msg, sig_dst, hashlib.sha256), sk)
        pop = multiply(hash_to_G1(pk_bytes, pop_dst, hashlib.sha256), sk)
        verdict = "-"
        if i < check:
            their_pk, their_sig = signature_to_G2(fields[2]), pubkey_to_G1(fields[3])
            ok = pairing(G2, their_sig) == pairing(their_pk, hash_to_G1(msg, sig_dst, hashlib.sha256))
            verdict = "ok" if ok else "bad"
        print("%064x" % sk, pk_bytes.hex(), G1_to_pubkey(sig).hex(), G1_to_pubkey(pop).hex(), verdict)


if sys.argv[1] == "fp":
    fp_mode()
elif sys.argv[1] == "sig":
    sig_mode(int(sys.argv[2]))
