"""Test oracle for BPIDA's Reed-Solomon coding: GF(2^8) arithmetic (polynomial 0x11D) and the
Cauchy code of ISA-L's gf_gen_cauchy1_matrix — parity row i (k <= i < n), column j: 1 / (i XOR j) —
written here from the definitions in pure Python, independent of ISA-L.

stdin JSON {k, n, shards: [hex or null] (n slots), mode}:
  encode  -> {"parity": [hex...]}        from shards 0..k-1 (all present)
  decode  -> {"data": [hex...]}          the k data shards, from any k present shards
"""
import json
import sys

EXP = [0] * 512
LOG = [0] * 256
x = 1
for i in range(255):
    EXP[i] = x
    LOG[x] = i
    x <<= 1
    if x & 0x100:
        x ^= 0x11D
for i in range(255, 512):
    EXP[i] = EXP[i - 255]


def mul(a, b):
    if a == 0 or b == 0:
        return 0
    return EXP[LOG[a] + LOG[b]]


def inv(a):
    return EXP[255 - LOG[a]]


def matrix(k, n):
    rows = [[1 if i == j else 0 for j in range(k)] for i in range(k)]
    rows += [[inv(i ^ j) for j in range(k)] for i in range(k, n)]
    return rows


def invert(m):
    size = len(m)
    a = [row[:] + [1 if i == j else 0 for j in range(size)] for i, row in enumerate(m)]
    for col in range(size):
        pivot = next(r for r in range(col, size) if a[r][col])
        a[col], a[pivot] = a[pivot], a[col]
        f = inv(a[col][col])
        a[col] = [mul(f, v) for v in a[col]]
        for r in range(size):
            if r != col and a[r][col]:
                g = a[r][col]
                a[r] = [v ^ mul(g, w) for v, w in zip(a[r], a[col])]
    return [row[size:] for row in a]


def combine(rows, sources):
    size = len(sources[0])
    out = []
    for row in rows:
        acc = bytearray(size)
        for coef, src in zip(row, sources):
            if coef:
                for t in range(size):
                    acc[t] ^= mul(coef, src[t])
        out.append(bytes(acc))
    return out


def main():
    mode = sys.argv[1]
    req = json.loads(sys.stdin.read())
    k, n = req["k"], req["n"]
    shards = [bytes.fromhex(s) if s is not None else None for s in req["shards"]]
    m = matrix(k, n)
    if mode == "encode":
        parity = combine(m[k:], shards[:k])
        print(json.dumps({"parity": [p.hex() for p in parity]}))
    elif mode == "decode":
        use = [i for i, s in enumerate(shards) if s is not None][:k]
        data = combine(invert([m[i] for i in use]), [shards[i] for i in use])
        print(json.dumps({"data": [d.hex() for d in data]}))
    else:
        raise SystemExit("modes: encode, decode")


if __name__ == "__main__":
    main()
