"""Oracle: the Proof-of-History chain of docs/SPEC.md §11, written independently over the PyPI `blake3`
package (hashes), with the canonical CBOR of a record encoded by hand and the Merkle rule of §3 from merkle_oracle.py.
Reads one JSON object per line: {"seed": hex, "hashesPerTick": n, "ops": [["hash", n] | ["mix", hex] | ["tick"]]}
and prints {"records": [[start, hashes, mixin or null, end], ...] (hex), "root": hex}; or, for a nonce chain
(§11.1), reads {"service": hex, "frames": [frame header hash hex, ...]} and prints {"chain": [NC_0, NC_1, ...]};
or, for a block's tick list as its proposer records it (§11.2), reads {"block": {"seed": hex, "events": [hex, ...],
"hashesPerTick": n, "ticksPerBlock": t}} and prints the same {"records", "root"} answer."""
import json
import sys
from blake3 import blake3
from merkle_oracle import root as merkle_root  # the Merkle rule of §3, one oracle for both


def h(data: bytes) -> bytes:
    return blake3(data).digest()


def start(seed: bytes) -> bytes:
    return h(b"\x12\x00\x00\x00" + seed)


def step(s: bytes) -> bytes:
    return h(b"\x12\x01\x00\x00" + s)


def mix(s: bytes, e: bytes) -> bytes:
    return h(b"\x12\x02\x00\x00" + s + e)


def cbor_uint(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for size, code in ((1, 24), (2, 25), (4, 26), (8, 27)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | code]) + n.to_bytes(size, "big")
    raise ValueError(n)


def cbor_record(r) -> bytes:
    out = cbor_uint(4, 4)
    out += cbor_uint(2, 32) + r[0]
    out += cbor_uint(0, r[1])
    out += b"\xf6" if r[2] is None else cbor_uint(2, 32) + r[2]
    out += cbor_uint(2, 32) + r[3]
    return out


def run(case):
    per_tick = case["hashesPerTick"]
    record_start = start(bytes.fromhex(case["seed"]))
    state, pending, records = record_start, 0, []
    for op in case["ops"]:
        if op[0] == "hash" or op[0] == "tick":
            count = op[1] if op[0] == "hash" else per_tick - pending
            for _ in range(count):
                state = step(state)
                pending += 1
                if pending == per_tick:
                    records.append((record_start, per_tick, None, state))
                    record_start, pending = state, 0
        elif op[0] == "mix":
            event = bytes.fromhex(op[1])
            end = mix(state, event)
            records.append((record_start, pending, event, end))
            record_start, state, pending = end, end, 0
    return {
        "records": [[r[0].hex(), r[1], None if r[2] is None else r[2].hex(), r[3].hex()] for r in records],
        "root": merkle_root([cbor_record(r) for r in records]).hex(),
    }


def block_ops(block):
    """§11.2: each event after floor(t * n / (events + 1)) steps, then clock ticks until there are t."""
    events, per_tick, ticks = block["events"], block["hashesPerTick"], block["ticksPerBlock"]
    gap = ticks * per_tick // (len(events) + 1)
    ops = []
    for e in events:
        ops += [["hash", gap], ["mix", e]]
    return ops


def run_block(block):
    case = {"seed": block["seed"], "hashesPerTick": block["hashesPerTick"], "ops": block_ops(block)}
    answer = run(case)
    clock = sum(1 for r in answer["records"] if r[2] is None)
    while clock < block["ticksPerBlock"]:
        case["ops"].append(["tick"])
        answer = run(case)
        clock += 1
    return answer


def nonce_chain(case):
    value = h(b"\x30\x00" + bytes.fromhex(case["service"]))
    chain = [value]
    for frame in case["frames"]:
        value = h(b"\x30\x01" + value + bytes.fromhex(frame))
        chain.append(value)
    return {"chain": [v.hex() for v in chain]}


for line in sys.stdin:
    if line.strip():
        case = json.loads(line)
        if "service" in case:
            print(json.dumps(nonce_chain(case)))
        elif "block" in case:
            print(json.dumps(run_block(case["block"])))
        else:
            print(json.dumps(run(case)))
