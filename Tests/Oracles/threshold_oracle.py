"""Oracle for BPIThreshold tests: independent arithmetic from Python integers, the pairing and
hash-to-curve of the PyPI py_ecc package, HKDF from `cryptography` and XChaCha20-Poly1305 from
PyNaCl. Modes (JSON on stdin, JSON on stdout unless noted):
  fr        stdin lines "a b" (32-byte hex, < r) -> lines "a+b a-b a*b inv(a)" (inv of 0 printed as 0)
  x25519    stdin lines of Ed25519 public keys (hex) -> lines of their X25519 u-coordinates (RFC 7748 §4.1 map)
  open      {"secret", "identity", "u", "sealed", "aad"} -> {"key", "plaintext"}: K = s·H(id) and the
            plaintext (null when the AEAD refuses) — the KEM's decryption by another implementation
  seal      {"masterKey", "identity", "r", "plaintext", "aad"} -> {"u", "sealed"}: the KEM's encryption
  shares    {"coefficients": [hex], "indices": [int], "identity"} -> {"masterKey", "shareKeys", "keyShares", "key"}
            the polynomial's public keys, key shares s_j·H(id) and the key f(0)·H(id), computed directly
"""
import hashlib
import json
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_decrypt, crypto_aead_xchacha20poly1305_ietf_encrypt

R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
P = 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB
ED_P = 2**255 - 19
IDENTITY_DST = b"BPI_IBE_BLS12381G1_XMD:SHA-256_SSWU_RO_"
KEM_INFO = b"metanode/bpi/v1/mempool"


def lines():
    return [l for l in sys.stdin.read().split("\n") if l]


def fr_mode():
    for l in lines():
        a, b = (int(x, 16) for x in l.split())
        inv = pow(a, R - 2, R) if a else 0
        print(" ".join("%064x" % v for v in ((a + b) % R, (a - b) % R, a * b % R, inv)))


def x25519_mode():
    for l in lines():
        raw = bytearray(bytes.fromhex(l))
        raw[31] &= 0x7F
        y = int.from_bytes(raw, "little")
        u = (1 + y) * pow(1 - y, ED_P - 2, ED_P) % ED_P
        print(u.to_bytes(32, "little").hex())


def tower_bytes(g):
    """The 576-byte tower-order encoding of an F_p^12 element given in py_ecc's basis
    F_p[w]/(w^12 - 2w^6 + 2), where v = w^2 and u = w^6 - 1 (so u^2 = -1, v^3 = u + 1)."""
    c = [int(x) % P for x in g.coeffs]
    out = b""
    for i in range(2):  # the coefficient of w^i over F_p^6
        for j in range(3):  # of v^j over F_p^2
            k = 2 * j + i
            y = c[k + 6]
            x = (c[k] + y) % P
            out += x.to_bytes(48, "big") + y.to_bytes(48, "big")
    return out


def scheme_pairing(pairing, q, p):
    """This scheme's pairing value from py_ecc's optimal ate pairing e = pairing(Q, P): e^(-3), i.e.
    the cube with w -> -w (the conjugation, which inverts elements of the cyclotomic subgroup)."""
    g = pairing(q, p) ** 3
    return type(g)([c if k % 2 == 0 else -c for k, c in enumerate(g.coeffs)])


def kdf(g, u, identity):
    okm = HKDF(algorithm=hashes.SHA256(), length=56, salt=u + identity, info=KEM_INFO).derive(tower_bytes(g))
    return okm[:32], okm[32:]


def curve():
    from py_ecc.bls.g2_primitives import G1_to_pubkey, G2_to_signature, signature_to_G2
    from py_ecc.bls.hash_to_curve import hash_to_G1
    from py_ecc.optimized_bls12_381 import G2, multiply, pairing

    return G1_to_pubkey, G2_to_signature, signature_to_G2, hash_to_G1, G2, multiply, pairing


def open_mode():
    G1_to_pubkey, _, signature_to_G2, hash_to_G1, _, multiply, pairing = curve()
    req = json.load(sys.stdin)
    s = int(req["secret"], 16)
    identity, u, sealed, aad = (bytes.fromhex(req[k]) for k in ("identity", "u", "sealed", "aad"))
    key = multiply(hash_to_G1(identity, IDENTITY_DST, hashlib.sha256), s)
    g = scheme_pairing(pairing, signature_to_G2(u), key)
    k, nonce = kdf(g, u, identity)
    try:
        plain = crypto_aead_xchacha20poly1305_ietf_decrypt(sealed, aad, nonce, k).hex()
    except Exception:
        plain = None
    json.dump({"key": G1_to_pubkey(key).hex(), "plaintext": plain}, sys.stdout)


def seal_mode():
    _, G2_to_signature, signature_to_G2, hash_to_G1, G2, multiply, pairing = curve()
    req = json.load(sys.stdin)
    mpk = signature_to_G2(bytes.fromhex(req["masterKey"]))
    identity, plaintext, aad = (bytes.fromhex(req[k]) for k in ("identity", "plaintext", "aad"))
    r = int(req["r"], 16)
    u = G2_to_signature(multiply(G2, r))
    g = scheme_pairing(pairing, mpk, multiply(hash_to_G1(identity, IDENTITY_DST, hashlib.sha256), r))
    k, nonce = kdf(g, u, identity)
    json.dump({"u": u.hex(), "sealed": crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, aad, nonce, k).hex()}, sys.stdout)


def shares_mode():
    G1_to_pubkey, G2_to_signature, _, hash_to_G1, G2, multiply, _ = curve()
    req = json.load(sys.stdin)
    coeffs = [int(c, 16) for c in req["coefficients"]]
    h = hash_to_G1(bytes.fromhex(req["identity"]), IDENTITY_DST, hashlib.sha256)

    def f(x):
        return sum(c * pow(x, k, R) for k, c in enumerate(coeffs)) % R

    json.dump(
        {
            "masterKey": G2_to_signature(multiply(G2, f(0))).hex(),
            "shareKeys": [G2_to_signature(multiply(G2, f(j))).hex() for j in req["indices"]],
            "keyShares": [G1_to_pubkey(multiply(h, f(j))).hex() for j in req["indices"]],
            "key": G1_to_pubkey(multiply(h, f(0))).hex(),
        },
        sys.stdout,
    )


{"fr": fr_mode, "x25519": x25519_mode, "open": open_mode, "seal": seal_mode, "shares": shares_mode}[sys.argv[1]]()
