"""Oracle: the PyPI `blake3` package. Reads hex inputs one per line on stdin.
Arguments: key_hex context out_len. Prints "hash keyed derive" (hex, out_len bytes each) per line."""
import sys
import blake3

key = bytes.fromhex(sys.argv[1])
context = sys.argv[2]
n = int(sys.argv[3])
for line in sys.stdin.read().split("\n"):
    data = bytes.fromhex(line.strip())
    h = blake3.blake3(data).digest(n)
    k = blake3.blake3(data, key=key).digest(n)
    d = blake3.blake3(data, derive_key_context=context).digest(n)
    print(h.hex(), k.hex(), d.hex())
