"""Oracle: canonical CBOR (RFC 8949 §4.2.1) with the PyPI `cbor2` package.

cbor2's canonical mode sorts map keys length-first (RFC 7049); the protocol sorts them by their
encoded bytes (RFC 8949), so maps and arrays are assembled here with cbor2 encoding every key,
scalar and item head. Values use the CBORJSON form ({"$hex": ...}, {"$map": [[k, v], ...]}).

  encode            stdin: one JSON value per line -> stdout: canonical hex per line
  generate N SEED   stdout: N lines "hex<TAB>json" of random values made here
"""
import json
import random
import sys

import cbor2


def head(major: int, n: int) -> bytes:
    h = bytearray(cbor2.dumps(n, canonical=True))  # cbor2 picks the shortest argument form
    h[0] |= major << 5
    return bytes(h)


def from_json(x):
    if isinstance(x, dict):
        if list(x) == ["$hex"]:
            return bytes.fromhex(x["$hex"])
        if list(x) == ["$map"]:
            return ("map", [(from_json(k), from_json(v)) for k, v in x["$map"]])
        return ("map", [(k, from_json(v)) for k, v in x.items()])
    if isinstance(x, list):
        return [from_json(i) for i in x]
    return x


def encode(v) -> bytes:
    if isinstance(v, tuple) and v[0] == "map":
        pairs = sorted((encode(k), encode(val)) for k, val in v[1])
        for a, b in zip(pairs, pairs[1:]):
            if a[0] == b[0]:
                raise ValueError("duplicate key")
        return head(5, len(pairs)) + b"".join(k + val for k, val in pairs)
    if isinstance(v, list):
        return head(4, len(v)) + b"".join(encode(i) for i in v)
    return cbor2.dumps(v, canonical=True)


def to_json(v):
    if isinstance(v, tuple) and v[0] == "map":
        keys = [k for k, _ in v[1]]
        if all(isinstance(k, str) for k in keys) and not (len(keys) == 1 and keys[0] in ("$hex", "$map")):
            return {k: to_json(val) for k, val in v[1]}
        return {"$map": [[to_json(k), to_json(val)] for k, val in v[1]]}
    if isinstance(v, bytes):
        return {"$hex": v.hex()}
    if isinstance(v, list):
        return [to_json(i) for i in v]
    return v


def random_int(r):
    bound = r.choice([24, 256, 65536, 2**32, 2**64])
    return r.randrange(-bound, bound)


def random_text(r):
    alphabet = "abcXYZ \"\\\n\t\u00fc\u6c34\U0001f600$"
    return "".join(r.choice(alphabet) for _ in range(r.choice([0, 1, 5, 23, 24, 30])))


def random_value(r, depth=0):
    kind = r.randrange(9 if depth < 4 else 6)
    if kind == 0:
        return random_int(r)
    if kind == 1:
        return r.randbytes(r.choice([0, 1, 23, 24, 40, 300]))
    if kind == 2:
        return random_text(r)
    if kind == 3:
        return r.choice([True, False])
    if kind == 4:
        return None
    if kind == 5:
        return r.randrange(0, 2**64)
    if kind in (6, 7):
        return [random_value(r, depth + 1) for _ in range(r.choice([0, 1, 3, 24, 25]))]
    keys = {}
    for _ in range(r.choice([0, 1, 4, 9])):
        k = r.choice([random_int, random_text, lambda r: r.randbytes(r.randrange(5))])(r)
        keys[(type(k).__name__, k)] = k
    return ("map", [(k, random_value(r, depth + 1)) for k in keys.values()])


if sys.argv[1] == "encode":
    for line in sys.stdin.read().split("\n"):
        if line:
            print(encode(from_json(json.loads(line))).hex())
elif sys.argv[1] == "generate":
    r = random.Random(int(sys.argv[3]))
    for _ in range(int(sys.argv[2])):
        v = random_value(r)
        print(encode(v).hex() + "\t" + json.dumps(to_json(v), ensure_ascii=False))
