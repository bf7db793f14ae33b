"""Oracle: XChaCha20-Poly1305 (IETF) from PyNaCl. Each stdin line: key nonce aad msg (each "x"+hex).
Prints ciphertext‖tag hex per line."""
import sys
from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_encrypt

for line in sys.stdin.read().split("\n"):
    if line:
        key, nonce, aad, msg = (bytes.fromhex(x[1:]) for x in line.split(" "))
        print(crypto_aead_xchacha20poly1305_ietf_encrypt(msg, aad, nonce, key).hex())
