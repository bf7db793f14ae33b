"""Oracle: a delegation (docs/SPEC.md §14.6) written independently from the SPEC over cbor2 (canonical
CBOR) and PyNaCl (Ed25519). One JSON object on stdin: {"seed": hex (the issuer's Ed25519 seed),
"issuer", "delegate", "delegateKey", "scope": [hex], "notBeforeMs", "notAfterMs", "label",
"mayRedelegate"} prints {"delegation": hex, "issuerKey": hex}: the canonical signed delegation
(signature over 0x49 ‖ canonical body) and the issuer's public key."""
import json
import sys
import cbor2
from nacl.signing import SigningKey


def main():
    q = json.loads(sys.stdin.read())
    b = bytes.fromhex
    key = SigningKey(b(q["seed"]))
    body = [1, b(q["issuer"]), b(q["delegate"]), b(q["delegateKey"]), sorted(set(b(s) for s in q["scope"])),
            q["notBeforeMs"], q["notAfterMs"], q["label"], q["mayRedelegate"]]
    signature = key.sign(bytes([0x49]) + cbor2.dumps(body, canonical=True)).signature
    print(json.dumps({"delegation": cbor2.dumps(body + [signature], canonical=True).hex(),
                      "issuerKey": key.verify_key.encode().hex()}))


main()
