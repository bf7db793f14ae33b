"""Oracle: agreement objects (docs/SPEC.md §14) written independently from the SPEC over cbor2 (canonical
CBOR) and blake3. One JSON object on stdin:
{"name", "version", "governs": [hex], "fuel", "pages", "policies": [{"module": hex, "hooks": [int]}],
 "results": [[policyHex, hook, verdict, reasonText, fuel]], "header": hex (a canonical run header),
 "inputs": [[name, hex]]}
prints {"bundle": hex, "id": hex, "moduleHashes": [hex], "results": [hex], "reasonHashes": [hex],
"preContext": hex}: the canonical bundle and its id H(0x47 ‖ bundle), each policy module's hash
H(0x45 ‖ module), each verdict's canonical encoding and reason hash H(0x48 ‖ reason), and the context
a pre hook reads for the header and inputs."""
import json
import sys
import cbor2
from blake3 import blake3


def h(tag: int, data: bytes) -> bytes:
    return blake3(bytes([tag]) + data).digest()


def enc(x):
    return cbor2.dumps(x, canonical=True)


def main():
    q = json.loads(sys.stdin.read())
    b = bytes.fromhex
    modules = [b(p["module"]) for p in q["policies"]]
    module_hashes = [h(0x45, m) for m in modules]
    governs = sorted(set(b(g) for g in q["governs"]))
    manifest = [1, q["name"], q["version"], governs, [q["fuel"], q["pages"]],
                [[mh, p["hooks"]] for mh, p in zip(module_hashes, q["policies"])]]
    bundle = enc([1, manifest, modules])
    results, reasons = [], []
    for policy, hook, verdict, reason, fuel in q["results"]:
        rh = h(0x48, reason.encode())
        reasons.append(rh.hex())
        results.append(enc([b(policy), hook, verdict, rh, fuel]).hex())
    header = cbor2.loads(b(q["header"]))
    files = sorted(((n, b(c)) for n, c in q["inputs"]), key=lambda f: f[0].encode())
    context = enc([1, 0, header, [[n, len(c), h(0x46, c)] for n, c in files]])
    print(json.dumps({
        "bundle": bundle.hex(), "id": h(0x47, bundle).hex(), "moduleHashes": [m.hex() for m in module_hashes],
        "results": results, "reasonHashes": reasons, "preContext": context.hex(),
    }))


main()
