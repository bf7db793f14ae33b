"""Oracle: the Merkle rule of docs/SPEC.md §3, written independently over the PyPI `blake3` package.
Reads trees from stdin, one per line: leaves as "x"+hex separated by spaces (an empty line is the empty tree).
Prints the count-bound root of each tree, hex, one per line."""
import sys
from blake3 import blake3


def h(data: bytes) -> bytes:
    return blake3(data).digest()


def root(leaves):
    level = [h(b"\x00" + leaf) for leaf in leaves]
    while len(level) > 1:
        if len(level) % 2 == 1:
            level.append(level[-1])
        level = [h(b"\x01" + level[i] + level[i + 1]) for i in range(0, len(level), 2)]
    top = level[0] if level else bytes(32)
    return h(b"\x02" + len(leaves).to_bytes(8, "big") + top)


if __name__ == "__main__":
    for line in sys.stdin.read().split("\n"):
        leaves = [bytes.fromhex(x[1:]) for x in line.split()]
        print(root(leaves).hex())
