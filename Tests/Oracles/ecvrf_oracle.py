"""Oracle: ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381) written here from the RFC over Python integers
(edwards25519 arithmetic per RFC 8032), independent of libsodium.
Each stdin line: seed alpha ("x"+hex each). Prints: pk pi beta verdict, where verdict says whether
this implementation verifies its own proof (which the Swift test compares byte for byte with its own)."""
import hashlib
import sys

P = 2**255 - 19
Q = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
BY = 4 * pow(5, P - 2, P) % P
SUITE = b"\x03"


def sha512(b):
    return hashlib.sha512(b).digest()


def add(p1, p2):
    x1, y1, z1, t1 = p1
    x2, y2, z2, t2 = p2
    a = (y1 - x1) * (y2 - x2) % P
    b = (y1 + x1) * (y2 + x2) % P
    c = 2 * t1 * t2 * D % P
    d = 2 * z1 * z2 % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def mul(s, pt):
    q = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            q = add(q, pt)
        pt = add(pt, pt)
        s >>= 1
    return q


def recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


def decode(s):
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % P)


def encode(pt):
    x, y, z, _ = pt
    zi = pow(z, P - 2, P)
    x, y = x * zi % P, y * zi % P
    return int.to_bytes(y | ((x & 1) << 255), 32, "little")


B = (recover_x(BY, 0), BY, 1, recover_x(BY, 0) * BY % P)
IDENTITY = encode((0, 1, 1, 0))


def encode_to_curve(pk, alpha):
    for ctr in range(256):
        h = decode(sha512(SUITE + b"\x01" + pk + alpha + bytes([ctr]) + b"\x00")[:32])
        if h is not None:
            h = mul(8, h)
            if encode(h) != IDENTITY:
                return h
    raise ValueError("no point")


def challenge(*points):
    return sha512(SUITE + b"\x02" + b"".join(encode(p) for p in points) + b"\x00")[:16]


def keygen(seed):
    h = sha512(seed)
    x = int.from_bytes(h[:32], "little")
    x &= (1 << 254) - 8
    x |= 1 << 254
    return x, h[32:], encode(mul(x, B))


def prove(seed, alpha):
    x, nonce_key, pk = keygen(seed)
    h = encode_to_curve(pk, alpha)
    gamma = mul(x, h)
    k = int.from_bytes(sha512(nonce_key + encode(h)), "little") % Q
    c = challenge(decode(pk), h, gamma, mul(k, B), mul(k, h))
    s = (k + int.from_bytes(c, "little") * x) % Q
    return pk, encode(gamma) + c + int.to_bytes(s, 32, "little")


def verify(pk, alpha, pi):
    y, gamma = decode(pk), decode(pi[:32])
    c, s = pi[32:48], int.from_bytes(pi[48:], "little")
    if y is None or gamma is None or s >= Q:
        return None
    h = encode_to_curve(pk, alpha)
    ci = int.from_bytes(c, "little")
    neg = lambda pt: ((-pt[0]) % P, pt[1], pt[2], (-pt[3]) % P)
    u = add(mul(s, B), neg(mul(ci, y)))
    v = add(mul(s, h), neg(mul(ci, gamma)))
    if challenge(y, h, gamma, u, v) != c:
        return None
    return sha512(SUITE + b"\x03" + encode(mul(8, gamma)) + b"\x00")


for line in sys.stdin.read().split("\n"):
    if line:
        seed, alpha = (bytes.fromhex(x[1:]) for x in line.split(" "))
        pk, pi = prove(seed, alpha)
        beta = verify(pk, alpha, pi)
        print(pk.hex(), pi.hex(), beta.hex() if beta else "-", "verified-ours" if beta else "refused")
