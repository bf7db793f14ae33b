"""Sealed objects (docs/SPEC.md §15.7) by independent code: PyNaCl's libsodium bindings for X25519
and XChaCha20-Poly1305, the standard library's HMAC for HKDF-SHA256, cbor2 for CBOR.

stdin JSON {"op": "seal", "plaintext", "recipients": [hex], "objectKey", "nonce", "ephemeralSecrets": [hex]}
      → {"sealed": hex}
      {"op": "open", "sealed", "secret"} → {"plaintext": hex}
"""
import hashlib
import hmac
import json
import sys

import cbor2
from nacl.bindings import (crypto_aead_xchacha20poly1305_ietf_decrypt, crypto_aead_xchacha20poly1305_ietf_encrypt,
                           crypto_scalarmult, crypto_scalarmult_base)

INFO = b"bpi da key slot v1"


def hkdf(ikm, salt, info, length=32):
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    out, block, i = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([i]), hashlib.sha256).digest()
        out += block
        i += 1
    return out[:length]


def slot(object_key, recipient, eph_secret):
    eph = crypto_scalarmult_base(eph_secret)
    key = hkdf(crypto_scalarmult(eph_secret, recipient), eph + recipient, INFO)
    wrapped = crypto_aead_xchacha20poly1305_ietf_encrypt(object_key, recipient + eph, bytes(24), key)
    return [recipient, eph, wrapped]


req = json.loads(sys.stdin.read())
if req["op"] == "seal":
    object_key = bytes.fromhex(req["objectKey"])
    slots = [slot(object_key, bytes.fromhex(r), bytes.fromhex(e)) for r, e in zip(req["recipients"], req["ephemeralSecrets"])]
    ad = cbor2.dumps([1, slots], canonical=True)
    ct = crypto_aead_xchacha20poly1305_ietf_encrypt(bytes.fromhex(req["plaintext"]), ad, bytes.fromhex(req["nonce"]), object_key)
    print(json.dumps({"sealed": cbor2.dumps([1, slots, bytes.fromhex(req["nonce"]), ct], canonical=True).hex()}))
else:
    version, slots, nonce, ct = cbor2.loads(bytes.fromhex(req["sealed"]))
    secret = bytes.fromhex(req["secret"])
    mine = crypto_scalarmult_base(secret)
    recipient, eph, wrapped = next(s for s in slots if s[0] == mine)
    key = hkdf(crypto_scalarmult(secret, eph), eph + recipient, INFO)
    object_key = crypto_aead_xchacha20poly1305_ietf_decrypt(wrapped, recipient + eph, bytes(24), key)
    ad = cbor2.dumps([1, slots], canonical=True)
    print(json.dumps({"plaintext": crypto_aead_xchacha20poly1305_ietf_decrypt(ct, ad, nonce, object_key).hex()}))
