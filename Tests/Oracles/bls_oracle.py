"""Oracle for BPIBLS tests. Independent arithmetic from Python integers and the PyPI py_ecc package.
  fp            stdin lines "a b" (48-byte hex) -> "a+b a-b a*b inv(a) sqrt_exists(a)"
"""
import sys

P = 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB


def h48(x):
    return "%096x" % x


def main():
    mode = sys.argv[1]
    lines = [l for l in sys.stdin.read().split("\n") if l]
    if mode == "fp":
        for l in lines:
            a, b = (int(x, 16) for x in l.split())
            inv = pow(a, P - 2, P)
            sq = pow(a, (P - 1) // 2, P) in (0, 1)
            print(h48((a + b) % P), h48((a - b) % P), h48(a * b % P), h48(inv), "1" if sq else "0")


main()
