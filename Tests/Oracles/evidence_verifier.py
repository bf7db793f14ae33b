"""A second, standalone verifier of portable evidence (docs/SPEC.md §18.9), written from the SPEC
alone with PyPI packages: cbor2 (canonical CBOR), blake3 (ids), pynacl (Ed25519), py_ecc (BLS12-381).

    evidence_verifier.py GENESIS_JSON CHAIN_CBOR ENVELOPE...

For each envelope file prints one line, `ok ID KIND HEIGHT offenders=I,J` or `bad ID-or-file REASON`,
and exits 0 when every envelope verifies, 1 when one does not, 3 when one is of a kind this
verifier does not implement (it implements equivocation, §7.5, and fork, §18.8).

The finalized headers are taken as given: checking their commits is a light client's job
(lc-verify); from the chain file this script only reads which validator set signs each height —
the genesis set, replaced by the set an entry carries when the set changes (§8).
"""
import hashlib
import json
import sys

import blake3
import cbor2
import nacl.exceptions
import nacl.signing

SIG_DST = b"BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_"
POP_DST = b"BLS_POP_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_"


class Refused(Exception):
    pass


def canonical(obj):
    return cbor2.dumps(obj, canonical=True)


def decode_canonical(data, what):
    try:
        obj = cbor2.loads(data)
    except Exception as e:  # noqa: BLE001 - any decoding error refuses the input
        raise Refused("%s does not decode: %s" % (what, e))
    if canonical(obj) != data:
        raise Refused("%s is not canonical CBOR" % what)
    return obj


def validator(fields):
    identity, bls, pop, _vrf, power, _meta = fields
    return {"identity": bytes(identity), "bls": bytes(bls), "pop": bytes(pop), "power": power}


def sets_by_height(genesis, chain):
    """The set signing each height of the chain file, and the set after its last entry."""
    current = [
        {
            "identity": bytes.fromhex(v["identityKey"]),
            "bls": bytes.fromhex(v["blsKey"]),
            "pop": bytes.fromhex(v["blsProofOfPossession"]),
            "power": v["votingPower"],
        }
        for v in genesis["validators"]
    ]
    version, entries = chain
    if version != 3:
        raise Refused("chain file version %d" % version)
    sets = {}
    for entry in entries:
        height = entry[0][2]  # header = [version, chainID, height, …]
        sets[height] = current
        if entry[2] is not None:
            current = [validator(f) for f in entry[2]]
    sets[max(sets or [0]) + 1] = current
    return sets


def equivocation(body, chain_id, vset):
    if not isinstance(body, list) or len(body) != 2:
        raise Refused("not [first, second]")
    first, second = body
    msgs = []
    for m in (first, second):
        if len(m) != 9 or m[0] != 1:
            raise Refused("a consensus message is not [1, kind, chainID, height, round, sender, value, payload, signature]")
        msgs.append(m)
    a, b = msgs
    if a[2] != chain_id or b[2] != chain_id:
        raise Refused("a message is for another chain")
    if a[5] != b[5] or a[1] != b[1] or a[3] != b[3] or a[4] != b[4]:
        raise Refused("the messages differ in sender, kind, height or round")
    if a[6] == b[6] and a[7] == b[7]:
        raise Refused("the messages do not conflict")
    sender = a[5]
    if sender >= len(vset):
        raise Refused("sender %d is not in the set" % sender)
    key = nacl.signing.VerifyKey(vset[sender]["identity"])
    for m in (a, b):
        signed = b"\x11" + canonical([m[2], m[1], m[3], m[4], m[5], m[6], m[7]])
        try:
            key.verify(signed, bytes(m[8]))
        except nacl.exceptions.BadSignatureError:
            raise Refused("a signature does not verify under validator %d's identity key" % sender)
    return a[3], [sender]


def signers(bitmap, n):
    if len(bitmap) != (n + 7) // 8:
        raise Refused("the bitmap has %d bytes for %d validators" % (len(bitmap), n))
    out = [i for i in range(8 * len(bitmap)) if bitmap[i // 8] >> (i % 8) & 1]
    if any(i >= n for i in out):
        raise Refused("the bitmap flags a validator beyond the set")
    return out


def bls_keys(vset):
    from py_ecc.bls.g2_primitives import pubkey_to_G1, signature_to_G2
    from py_ecc.bls.hash_to_curve import hash_to_G1
    from py_ecc.optimized_bls12_381 import G2, pairing

    keys = []
    for i, v in enumerate(vset):
        pk = signature_to_G2(v["bls"])  # the 96-byte compressed G2 encoding, subgroup-checked
        pop = pubkey_to_G1(v["pop"])
        if pairing(G2, pop) != pairing(pk, hash_to_G1(v["bls"], POP_DST, hashlib.sha256)):
            raise Refused("validator %d's proof of possession does not verify" % i)
        keys.append(pk)
    return keys


def fork(body, chain_id, vset):
    from py_ecc.bls.g2_primitives import pubkey_to_G1
    from py_ecc.bls.hash_to_curve import hash_to_G1
    from py_ecc.optimized_bls12_381 import G2, Z2, add, pairing

    if not isinstance(body, list) or len(body) != 3 or body[0] != 1:
        raise Refused("not [1, first, second]")
    for c in body[1:]:
        if not isinstance(c, list) or len(c) != 5 or len(c[0]) != 32 or len(c[4]) != 48:
            raise Refused("a commit is not [headerHash(32), height, round, bitmap, signature(48)]")
    first, second = body[1], body[2]
    if first[1] != second[1]:
        raise Refused("the commits are for different heights")
    if not bytes(first[0]) < bytes(second[0]):
        raise Refused("the commits are not for two headers in canonical order")
    keys = bls_keys(vset)
    total = sum(v["power"] for v in vset)
    flagged = []
    for c in (first, second):
        header_hash, height, rnd, bitmap, sig = c
        who = signers(bytes(bitmap), len(vset))
        power = sum(vset[i]["power"] for i in who)
        if not 3 * power > 2 * total:
            raise Refused("a commit's signers hold %d of %d power, not more than two thirds" % (power, total))
        aggregate = Z2
        for i in who:
            aggregate = add(aggregate, keys[i])
        message = b"\x16" + canonical([chain_id, height, rnd, bytes(header_hash)])
        if pairing(G2, pubkey_to_G1(bytes(sig))) != pairing(aggregate, hash_to_G1(message, SIG_DST, hashlib.sha256)):
            raise Refused("a commit's aggregate signature does not verify")
        flagged.append(set(who))
    return first[1], sorted(flagged[0] & flagged[1])


def main():
    genesis = json.load(open(sys.argv[1]))
    chain = cbor2.loads(open(sys.argv[2], "rb").read())
    sets = sets_by_height(genesis, chain)
    status = 0
    for path in sys.argv[3:]:
        data = open(path, "rb").read()
        ident = blake3.blake3(b"\x18" + data).hexdigest()
        try:
            env = decode_canonical(data, "the envelope")
            if not isinstance(env, list) or len(env) != 6 or env[0] != 1:
                raise Refused("not [1, kind, chainID, height, body, context]")
            _, kind, chain_id, height, body, context = env
            if chain_id != genesis["chainID"]:
                raise Refused("the evidence is for mesh %s" % chain_id)
            if height not in sets:
                raise Refused("no set is known for height %d from the chain given" % height)
            if kind == 1:
                name, check = "equivocation", equivocation
            elif kind == 6:
                name, check = "fork", fork
            else:
                print("unsupported %s kind %d" % (ident, kind))
                status = max(status, 3)
                continue
            if context:
                raise Refused("only a bad key share carries a context")
            try:
                offence, offenders = check(decode_canonical(bytes(body), "the body"), chain_id, sets[height])
            except (ValueError, TypeError, IndexError, KeyError) as e:
                raise Refused("the body is not of its kind's shape: %s" % e)
            if offence != height:
                raise Refused("the envelope's height is not the offence's")
            print("ok %s %s %d offenders=%s" % (ident, name, height, ",".join(str(i) for i in offenders)))
        except Refused as e:
            print("bad %s %s" % (ident, e))
            status = max(status, 1)
    sys.exit(status)


main()
