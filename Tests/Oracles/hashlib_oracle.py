"""Oracle: SHA-256 from Python's hashlib (OpenSSL). Reads hex inputs one per line ("x"-prefixed);
argument: tag as two hex digits or "-" for none. Prints hex digests of tag ‖ input, one per line."""
import hashlib
import sys

tag = b"" if sys.argv[1] == "-" else bytes.fromhex(sys.argv[1])
for line in sys.stdin.read().split("\n"):
    if line:
        print(hashlib.sha256(tag + bytes.fromhex(line[1:])).hexdigest())
