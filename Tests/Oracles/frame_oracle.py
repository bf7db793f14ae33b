"""Oracle: BPCI frames (docs/SPEC.md §12) written independently from the SPEC over cbor2 (canonical CBOR),
blake3, PyNaCl (Ed25519, XChaCha20-Poly1305) and cryptography (HKDF-SHA256). One JSON object per stdin line:
- {"frame": {"src", "dst", "nonce", "ncPrev", "tick": [height, index, hash], "kind", "payload", "seed"}} (hex
  strings, integers) prints {"header", "headerHash", "payloadHash", "signature", "frame", "envelope", "id",
  "nextChain"} (hex): the canonical header, H(0x32 ‖ header), H(0x34 ‖ payload), the Ed25519 signature of
  0x33 ‖ headerHash ‖ payloadHash by the seed's key, the canonical frame and envelope, the envelope's Merkle leaf
  hash and the sender's nonce-chain value after the frame;
- {"service": uri} prints {"id": H(0x31 ‖ uri)};
- {"session": {"split": hex, "hash": hex, "epochs": n}} prints {"keys": [key_0, …, key_n]}: the session key of one
  direction and its rekeys (§12.2);
- {"open": {"key", "ad", "sealed"}} prints {"plaintext": hex} or {"error": "..."}: a data payload
  u32be(epoch) ‖ nonce(24) ‖ ciphertext ‖ tag opened with XChaCha20-Poly1305 and the associated data."""
import json
import sys
import cbor2
from blake3 import blake3
from nacl.signing import SigningKey
from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_decrypt
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def h(data: bytes) -> bytes:
    return blake3(data).digest()


def frame(f):
    b = bytes.fromhex
    header = [1, b(f["src"]), b(f["dst"]), f["nonce"], b(f["ncPrev"]), [f["tick"][0], f["tick"][1], b(f["tick"][2])], f["kind"]]
    header_bytes = cbor2.dumps(header, canonical=True)
    header_hash = h(b"\x32" + header_bytes)
    payload = b(f["payload"])
    payload_hash = h(b"\x34" + payload)
    signature = SigningKey(b(f["seed"])).sign(b"\x33" + header_hash + payload_hash).signature
    frame_bytes = cbor2.dumps(header + [payload, signature], canonical=True)
    envelope = cbor2.dumps(header + [payload_hash, signature], canonical=True)
    return {
        "header": header_bytes.hex(), "headerHash": header_hash.hex(), "payloadHash": payload_hash.hex(),
        "signature": signature.hex(), "frame": frame_bytes.hex(), "envelope": envelope.hex(),
        "id": h(b"\x00" + envelope).hex(), "nextChain": h(b"\x30\x01" + b(f["ncPrev"]) + header_hash).hex(),
    }


def hkdf(ikm, salt, info):
    return HKDF(algorithm=SHA256(), length=32, salt=salt, info=info).derive(ikm)


def session(s):
    key = hkdf(bytes.fromhex(s["split"]), bytes.fromhex(s["hash"]), b"metanode/bpi/v1/session")
    keys = [key]
    for _ in range(s["epochs"]):
        key = hkdf(key, b"", b"metanode/bpi/v1/session-rekey")
        keys.append(key)
    return {"keys": [k.hex() for k in keys]}


def open_payload(o):
    sealed = bytes.fromhex(o["sealed"])
    nonce, body = sealed[4:28], sealed[28:]
    try:
        return {"plaintext": crypto_aead_xchacha20poly1305_ietf_decrypt(body, bytes.fromhex(o["ad"]), nonce, bytes.fromhex(o["key"])).hex()}
    except Exception as e:  # a refusal is an answer too
        return {"error": type(e).__name__}


for line in sys.stdin:
    if line.strip():
        case = json.loads(line)
        if "frame" in case:
            print(json.dumps(frame(case["frame"])))
        elif "service" in case:
            print(json.dumps({"id": h(b"\x31" + case["service"].encode()).hex()}))
        elif "session" in case:
            print(json.dumps(session(case["session"])))
        else:
            print(json.dumps(open_payload(case["open"])))
