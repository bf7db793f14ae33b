"""Oracle: DockLock objects (docs/SPEC.md §13) written independently from the SPEC over cbor2 (canonical CBOR),
blake3, PyNaCl (Ed25519) and Python's zlib. One JSON object on stdin:
{"module", "inputs": [[name, hex]], "seed", "timeMs", "args", "env", "limits": [fuel, pages, out], "vrf",
 "events": [[seq, kind, dataHashHex, value]], "eventData": [hex], "witness": [[kind, label, hex]],
 "outputs": {"stdout", "stderr", "files": {name: hex}}, "outcome", "exitCode", "fuelUsed", "engine",
 "executor", "key", "randomBytes", "clockReads": [[id, index]], "log": hex}
prints {"header", "runID", "inputRoot", "derivedSeed", "cesRoot", "eventDataHashes", "witnessRoot",
"outputHash", "receipt", "receiptID", "random", "clock", "log", "logEntries"}: the canonical run header and
its id H(0x40 ‖ header), the input root, the seed drawn from "vrf", the CES and witness roots, the output
hash, the receipt signed by "key" as "executor" and its Merkle leaf hash, the first "randomBytes" bytes of
the seeded stream, the logical clock readings, this oracle's own stored witness log of "witness", and the
entries it reads from the Swift log "log"."""
import json
import sys
import zlib
import cbor2
from blake3 import blake3
from nacl.signing import SigningKey


def h(tag: int, data: bytes) -> bytes:
    return blake3(bytes([tag]) + data).digest()


def merkle_root(leaves):
    if not leaves:
        top = bytes(32)
    else:
        level = [h(0x00, leaf) for leaf in leaves]
        while len(level) > 1:
            if len(level) % 2:
                level = level + [level[-1]]  # an odd last node is paired with a copy of itself (§3)
            level = [h(0x01, level[i] + level[i + 1]) for i in range(0, len(level), 2)]
        top = level[0]
    return h(0x02, len(leaves).to_bytes(8, "big") + top)


def file_root(files):
    entries = sorted(files, key=lambda f: f[0].encode())
    return merkle_root([cbor2.dumps([n, len(c), h(0x46, c)], canonical=True) for n, c in entries])


def enc(x):
    return cbor2.dumps(x, canonical=True)


def main():
    q = json.loads(sys.stdin.read())
    b = bytes.fromhex
    module = b(q["module"])
    inputs = [(n, b(c)) for n, c in q["inputs"]]
    header = [1, 1, bytes(32), h(0x45, module), file_root(inputs), b(q["seed"]), q["timeMs"], q["args"], q["env"],
              q["limits"]]
    header_bytes = enc(header)
    unseeded = list(header)
    unseeded[5] = bytes(32)
    derived = h(0x41, b(q["vrf"]) + h(0x40, enc(unseeded)))
    events = [enc([s, k, b(d), v]) for s, k, d, v in q["events"]]
    witness = [enc([k, l, b(d)]) for k, l, d in q["witness"]]
    outs = q["outputs"]
    out_files = [("stdout", b(outs["stdout"])), ("stderr", b(outs["stderr"]))] + \
        [("out:" + n, b(c)) for n, c in outs["files"].items()]
    body = [1, header, q["engine"], merkle_root(events), merkle_root(witness), file_root(out_files), q["outcome"],
            q["exitCode"], q["fuelUsed"], len(events), [], b(q["executor"])]
    signature = SigningKey(b(q["key"])).sign(b"\x44" + enc(body)).signature
    receipt = enc(body + [signature])
    stream = b""
    i = 0
    while len(stream) < q["randomBytes"]:
        stream += h(0x42, b(q["seed"]) + i.to_bytes(8, "big"))
        i += 1
    clock = [q["timeMs"] * 1_000_000 + k if cid == 0 else k * 1000 for cid, k in q["clockReads"]]
    raw = enc([[k, l, b(d)] for k, l, d in q["witness"]])
    log = enc([1, len(raw), zlib.compress(raw, 9)])
    version, length, packed = cbor2.loads(b(q["log"]))
    entries = cbor2.loads(zlib.decompress(packed))
    assert version == 1 and length == len(zlib.decompress(packed))
    print(json.dumps({
        "header": header_bytes.hex(), "runID": h(0x40, header_bytes).hex(), "inputRoot": file_root(inputs).hex(),
        "derivedSeed": derived.hex(), "cesRoot": merkle_root(events).hex(),
        "eventDataHashes": [h(0x43, b(d)).hex() for d in q["eventData"]], "witnessRoot": merkle_root(witness).hex(),
        "outputHash": file_root(out_files).hex(), "receipt": receipt.hex(), "receiptID": h(0x00, receipt).hex(),
        "random": stream[:q["randomBytes"]].hex(), "clock": clock, "log": log.hex(),
        "logEntries": [[k, l, d.hex()] for k, l, d in entries],
    }))


main()
