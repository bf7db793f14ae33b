"""A second, standalone verifier of portable evidence (docs/SPEC.md §18.9), written from the SPEC
alone with PyPI packages: cbor2 (canonical CBOR), blake3 (ids), pynacl (Ed25519), py_ecc (BLS12-381).

    evidence_verifier.py GENESIS_JSON CHAIN_CBOR ENVELOPE... [--l1-rpc URL]... [--l1-depth D]

For each envelope file prints one line, `ok ID KIND HEIGHT offenders=I,J` or `bad ID-or-file REASON`,
(a DA fault: `storer=HEX`), and exits 0 when every envelope verifies, 1 when one does not, 3 when
one is of a kind this verifier does not know. It implements every kind of §18.9: equivocation
(§7.5), missed inclusion (§17.3), list equivocation (§17.1), DA fault (§15.8), bad key share
(§16.5), fork (§18.8) and missed anchor (§18.11: read from the L1 nodes given by --l1-rpc over
JSON-RPC, with eth-hash's Keccak-256), on the encodings of §1, §3, §7 and §12.

The finalized headers are taken as given: checking their commits is a light client's job
(lc-verify); from the chain file this script reads each height's header and which validator set
signs it — the genesis set, replaced by the set an entry carries when the set changes (§8).
"""
import argparse
import hashlib
import json
import sys
import urllib.request

import blake3
import cbor2
import nacl.exceptions
import nacl.signing

SIG_DST = b"BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_"
IBE_DST = b"BPI_IBE_BLS12381G1_XMD:SHA-256_SSWU_RO_"
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


def H(tag, data):
    """§2: BLAKE3-256 of a one-byte domain tag and the bytes."""
    return blake3.blake3(bytes([tag]) + bytes(data)).digest()


def merkle_root(leaf_hashes):
    """§3: the count-bound root over leaf hashes (the last node of an odd level pairs with itself)."""
    level = list(leaf_hashes)
    if not level:
        top = bytes(32)
    else:
        while len(level) > 1:
            if len(level) % 2:
                level.append(level[-1])
            level = [H(0x01, level[i] + level[i + 1]) for i in range(0, len(level), 2)]
        top = level[0]
    return H(0x02, len(leaf_hashes).to_bytes(8, "big") + top)


def proof_verifies(leaf_hash, proof, root):
    """§3.1: an inclusion proof [index, count, siblings] from a leaf hash to a count-bound root."""
    if not isinstance(proof, list) or len(proof) != 3:
        raise Refused("a Merkle proof is not [index, count, siblings]")
    index, count, siblings = proof
    if index >= count or len(siblings) > 64 or any(len(x) != 32 for x in siblings):
        return False
    node, p, width, used = bytes(leaf_hash), index, count, 0
    while width > 1:
        if p % 2 == 1 or p + 1 < width:
            if used == len(siblings):
                return False
            sib = bytes(siblings[used])
            used += 1
            node = H(0x01, sib + node) if p % 2 == 1 else H(0x01, node + sib)
        else:
            node = H(0x01, node + node)
        p, width = p // 2, (width + 1) // 2
    return used == len(siblings) and H(0x02, count.to_bytes(8, "big") + node) == bytes(root)


# §12: a frame is [1, src, dst, nonce, ncPrev, [height, tickIndex, tickHash], kind, payload, signature];
# its envelope has the payload's hash in place of the payload. Kinds used here:
HANDSHAKE, DATA, DA_COMMIT, DA_CHALLENGE, KEY_SHARE, INCLUSION_LIST, EPOCH_KEY = 2, 3, 6, 7, 10, 12, 13
KEY_EPOCH_LENGTH = 64  # §16.5: epoch e holds heights 64e + 1 … 64(e + 1)


def frame_shape(f, payload_field):
    if not isinstance(f, list) or len(f) != 9 or f[0] != 1:
        raise Refused("a frame is not [1, src, dst, nonce, ncPrev, tick, kind, %s, signature]" % payload_field)
    if len(f[1]) != 32 or len(f[2]) != 32 or len(f[4]) != 32 or len(f[8]) != 64:
        raise Refused("a frame's ids, chain value or signature have the wrong length")
    if not isinstance(f[5], list) or len(f[5]) != 3 or len(f[5][2]) != 32:
        raise Refused("a frame's tick is not [height, tickIndex, tickHash]")
    return f


def envelope_of(frame):
    """The envelope of a full frame."""
    frame_shape(frame, "sealedPayload")
    if len(frame[7]) > 66 * 1024:
        raise Refused("a frame's payload is over 66 KiB")
    return frame[:7] + [H(0x34, frame[7]), frame[8]]


def frame_id(envelope):
    frame_shape(envelope, "payloadHash")
    return H(0x00, canonical(envelope))


def signed_by(envelope, key):
    header_hash = H(0x32, canonical(envelope[:7]))
    try:
        nacl.signing.VerifyKey(bytes(key)).verify(b"\x33" + header_hash + bytes(envelope[7]), bytes(envelope[8]))
        return True
    except (nacl.exceptions.BadSignatureError, ValueError):
        return False


def validator_service(identity):
    """§12, §16.5: svcIDHash of spiffe://validator.bpi/<hex identity key>."""
    return H(0x31, ("spiffe://validator.bpi/" + bytes(identity).hex()).encode())


def header_hash(header):
    return H(0x10, canonical(header))


# §7.2 header fields
H_CHAIN, H_HEIGHT, H_ROUND, H_PREV, H_PROPOSER, H_FRAMES, H_INCLUSION = 1, 2, 3, 5, 6, 11, 12


def message_signed(m, key):
    """§7.3: the Ed25519 signature of a consensus message under its sender's identity key."""
    signed = b"\x11" + canonical([m[2], m[1], m[3], m[4], m[5], m[6], m[7]])
    try:
        nacl.signing.VerifyKey(bytes(key)).verify(signed, bytes(m[8]))
        return True
    except (nacl.exceptions.BadSignatureError, ValueError):
        return False


def consensus_message(m):
    if not isinstance(m, list) or len(m) != 9 or m[0] != 1 or len(m[6]) != 32 or len(m[8]) != 64:
        raise Refused("a consensus message is not [1, kind, chainID, height, round, sender, value, payload, signature]")
    return m


def inclusion_list(frame):
    """§17.1: an inclusion-list frame's payload [1, madeAt, [Frame…]] (1…16 frames)."""
    body = decode_canonical(bytes(frame[7]), "a list's payload")
    if not isinstance(body, list) or len(body) != 3 or body[0] != 1 or not isinstance(body[2], list):
        raise Refused("a list's payload is not [1, madeAt, [frame…]]")
    if not 1 <= len(body[2]) <= 16:
        raise Refused("a list names 1 to 16 frames")
    for f in body[2]:
        frame_shape(f, "sealedPayload")
    return body


def validator(fields):
    identity, bls, pop, _vrf, power, _meta = fields
    return {"identity": bytes(identity), "bls": bytes(bls), "pop": bytes(pop), "power": power}


def headers_by_height(chain):
    return {entry[0][2]: entry[0] for entry in chain[1]}


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


def need(headers, h):
    if h not in headers:
        raise Refused("the finalized header at height %d is needed and not in the chain given" % h)
    return headers[h]


def missed_inclusion(body, chain_id, vset, headers):
    """§17.3."""
    if not isinstance(body, list) or len(body) != 9 or body[0] != 1:
        raise Refused("not [1, proposal, header, frames, entries, list, listProof, decided, frameID]")
    _, m, header, frames, entries, lst, list_proof, decided, fid = body
    consensus_message(m)
    if not isinstance(header, list) or len(header) != 17 or len(fid) != 32:
        raise Refused("the header or the frame id has the wrong shape")
    h = header[H_HEIGHT]
    if h < 2:
        raise Refused("an omission needs the headers at h - 1 and h")
    before, final = need(headers, h - 1), need(headers, h)
    if m[1] != 0 or m[2] != chain_id or header[H_CHAIN] != chain_id:
        raise Refused("not a PRE-PREPARE of this chain")
    if m[3] != h or m[4] != header[H_ROUND] or bytes(m[6]) != header_hash(header) or m[5] != header[H_PROPOSER]:
        raise Refused("the PRE-PREPARE does not name this header")
    if m[5] >= len(vset) or not message_signed(m, vset[m[5]]["identity"]):
        raise Refused("the PRE-PREPARE is not signed by validator %d of the set" % m[5])
    if bytes(header[H_PREV]) != header_hash(before) or header_hash(header) == header_hash(final):
        raise Refused("the header does not extend the finalized block at h - 1, or it is the finalized one")
    for e in entries:
        if not isinstance(e, list) or len(e) != 2 or len(e[0]) != 32 or not 0 <= e[1] <= 4:
            raise Refused("an inclusion entry is not [frameID, outcome 0…4]")
    if merkle_root([frame_id(e) for e in frames]) != bytes(header[H_FRAMES]) or merkle_root(
        [H(0x00, canonical(e)) for e in entries]
    ) != bytes(header[H_INCLUSION]):
        raise Refused("the frames or entries do not match the header's roots")
    if frame_shape(lst, "sealedPayload")[6] != INCLUSION_LIST or not proof_verifies(
        frame_id(envelope_of(lst)), list_proof, before[H_FRAMES]
    ):
        raise Refused("the list is not an inclusion-list frame of the finalized block at h - 1")
    listed = [f for f in inclusion_list(lst)[2] if frame_id(envelope_of(f)) == bytes(fid)]
    if not listed:
        raise Refused("the list does not name the frame")
    if listed[0][6] not in (DATA, HANDSHAKE):
        raise Refused("only data and handshake frames are proved omitted this way")
    source = bytes(listed[0][1])
    if any(frame_id(e) == bytes(fid) or bytes(e[1]) == source for e in frames):
        raise Refused("the proposal carries the frame or another frame of its sender")
    if any(bytes(e[0]) == bytes(fid) and e[1] == 3 for e in entries) and len(frames) >= 1024:
        raise Refused("the proposal is full: block-full holds")
    ids = [frame_id(e) for e in decided]
    if merkle_root(ids) != bytes(final[H_FRAMES]) or bytes(fid) not in ids:
        raise Refused("the finalized block at h does not carry the frame")
    if any(bytes(e[1]) == source for e in decided[: ids.index(bytes(fid))]):
        raise Refused("the finalized block carries another frame of the sender first")
    return h, [m[5]]


def list_equivocation(body, chain_id, vset, headers):
    """§17.1."""
    if not isinstance(body, list) or len(body) != 6 or body[0] != 1:
        raise Refused("not [1, height, first, firstProof, second, secondProof]")
    _, h, first, first_proof, second, second_proof = body
    header = need(headers, h)
    if header[H_CHAIN] != chain_id:
        raise Refused("the header is not of this chain")
    a, b = envelope_of(first), envelope_of(second)
    if frame_id(a) == frame_id(b):
        raise Refused("the two lists are one frame")
    if not proof_verifies(frame_id(a), first_proof, header[H_FRAMES]) or not proof_verifies(
        frame_id(b), second_proof, header[H_FRAMES]
    ):
        raise Refused("the lists are not both in the finalized block at height %d" % h)
    for f in (first, second):
        if f[6] != INCLUSION_LIST or bytes(f[1]) != bytes(f[2]) or inclusion_list(f)[1] + 1 != h:
            raise Refused("a frame is not an inclusion list made for block %d" % h)
    authors = [i for i, v in enumerate(vset) if validator_service(v["identity"]) == bytes(first[1])]
    if bytes(first[1]) != bytes(second[1]) or not authors:
        raise Refused("the lists are not both from one validator's service")
    v = authors[0]
    if not signed_by(a, vset[v]["identity"]) or not signed_by(b, vset[v]["identity"]):
        raise Refused("the lists are not both signed by validator %d's identity key" % v)
    return h, [v]


ANSWER_WINDOW = 64  # §15.8: W


def da_object_id(obj):
    return H(0x50, canonical(obj[:6]))


def da_fault(body, chain_id, vset, headers):
    """§15.8: returns the height that must carry the fault and the storer."""
    if not isinstance(body, list) or len(body) != 5 or body[0] != 1:
        raise Refused("not [1, object, commit, challenge, challengeFrame]")
    _, obj, commit, challenge, challenge_frame = body
    if not isinstance(obj, list) or len(obj) != 7 or obj[0] != 1 or len(obj[5]) != 32 or len(obj[6]) != 32:
        raise Refused("the object is not [1, k, n, chunkSize, size, objectHash, shardRoot]")
    _, k, n, chunk_size, size, _, _ = obj
    if not (1 <= k < n <= 255) or not (256 << 10) <= chunk_size <= (512 << 10) or size > 1 << 40:
        raise Refused("the object's parameters are out of range (1 <= k < n <= 255, 256-512 KiB chunks)")
    if not isinstance(challenge, list) or len(challenge) != 4 or challenge[0] != 1 or len(challenge[1]) != 32:
        raise Refused("the challenge is not [1, objectID, chunk, shard]")
    if challenge[3] >= 255:
        raise Refused("the challenge names a shard above 254")
    inclusions = []
    for inc in (commit, challenge_frame):
        if not isinstance(inc, list) or len(inc) != 3:
            raise Refused("a frame inclusion is not [envelope, height, proof]")
        frame_shape(inc[0], "payloadHash")
        inclusions.append(inc)
    c, q = commit[0], challenge_frame[0]
    if c[6] != DA_COMMIT or bytes(c[1]) != bytes(c[2]):
        raise Refused("the commit frame is not a da-commit from a service to itself")
    if bytes(c[7]) != H(0x34, canonical(obj)):
        raise Refused("the commit frame does not carry this object")
    if q[6] != DA_CHALLENGE or bytes(q[2]) != bytes(c[1]):
        raise Refused("the challenge frame is not a da-challenge to the object's storer")
    if bytes(q[7]) != H(0x34, canonical(challenge)):
        raise Refused("the challenge frame does not carry this challenge")
    if bytes(challenge[1]) != da_object_id(obj):
        raise Refused("the challenge names another object")
    if challenge[2] >= (size + chunk_size - 1) // chunk_size or challenge[3] >= n:
        raise Refused("the challenge names a shard the object does not have")
    if not commit[1] < challenge_frame[1]:
        raise Refused("the challenge is not after the commitment")
    carried = challenge_frame[1] + ANSWER_WINDOW + 1
    need(headers, carried)
    for what, (envelope, h, proof) in zip(("commit", "challenge"), inclusions):
        if not proof_verifies(frame_id(envelope), proof, need(headers, h)[H_FRAMES]):
            raise Refused("the %s frame is not in the frames root of height %d" % (what, h))
    return carried, bytes(c[1])


def g1(data, what):
    from py_ecc.bls.g2_primitives import pubkey_to_G1
    from py_ecc.optimized_bls12_381 import Z1, curve_order, is_inf, multiply

    try:
        p = pubkey_to_G1(bytes(data))
    except Exception as e:  # noqa: BLE001 - any decoding failure refuses the point
        raise Refused("%s is not a compressed G1 point: %s" % (what, e))
    if is_inf(p) or not is_inf(multiply(p, curve_order)) or p == Z1:
        raise Refused("%s is not a G1 subgroup point other than the identity" % what)
    return p


def g2(data, what):
    from py_ecc.bls.g2_primitives import signature_to_G2
    from py_ecc.optimized_bls12_381 import curve_order, is_inf, multiply

    try:
        p = signature_to_G2(bytes(data))
    except Exception as e:  # noqa: BLE001
        raise Refused("%s is not a compressed G2 point: %s" % (what, e))
    if not is_inf(multiply(p, curve_order)):
        raise Refused("%s is not in the G2 subgroup" % what)
    return p


def carried(frame, h, proof, headers, chain_id, what):
    """The frame's envelope, once its path leads to framesRoot of the finalized block at h of this mesh."""
    header = need(headers, h)
    envelope = envelope_of(frame)
    if header[H_CHAIN] != chain_id or not proof_verifies(frame_id(envelope), proof, header[H_FRAMES]):
        raise Refused("%s is not in the finalized block at height %d" % (what, h))
    return envelope


def epoch_key(frame, h, proof, headers, chain_id, key_epoch, committee):
    """§16.5: the epoch-key frame [1, keyEpoch, participant, [1, t, mpk, [PK_1…PK_n]]] in the finalized
    block at h, for key_epoch, signed by the committee participant it names. Returns the share keys."""
    envelope = carried(frame, h, proof, headers, chain_id, "the epoch-key frame")
    if frame[6] != EPOCH_KEY or bytes(frame[1]) != bytes(frame[2]):
        raise Refused("the key frame is not an epoch-key frame from a validator service to itself")
    m = decode_canonical(bytes(frame[7]), "the epoch-key message")
    if not isinstance(m, list) or len(m) != 4 or m[0] != 1:
        raise Refused("the payload is not [1, keyEpoch, participant, key]")
    _, e, a, key = m
    if e != key_epoch:
        raise Refused("the epoch-key frame is for key epoch %d, the share for %d" % (e, key_epoch))
    if not 1 <= a <= len(committee) or not signed_by(envelope, committee[a - 1]["identity"]):
        raise Refused("the epoch-key frame is not signed by the identity key of participant %d" % a)
    if not isinstance(key, list) or len(key) != 4 or key[0] != 1 or not isinstance(key[3], list):
        raise Refused("the epoch key is not [1, t, mpk, [shareKey…]]")
    g2(key[2], "the master key")
    share_keys = [g2(pk, "a share key") for pk in key[3]]
    if not 1 <= len(share_keys) <= 1024 or key[1] > len(share_keys):
        raise Refused("the epoch key's threshold or participant count is out of range")
    if len(share_keys) != len(committee):
        raise Refused("the epoch key has %d participants, the committee %d" % (len(share_keys), len(committee)))
    return share_keys


def bad_key_share(body, chain_id, headers, sets):
    """§16.5: [1, frame, height, proof, keyFrame, keyHeight, keyProof] — the share judged by the key
    the epoch-key frame carries, and signed by the committee of its key epoch (the set signing the
    first block of its generation, key epoch e being generated in epoch e - 1)."""
    from py_ecc.bls.hash_to_curve import hash_to_G1
    from py_ecc.optimized_bls12_381 import G2, pairing

    if not isinstance(body, list) or len(body) != 7 or body[0] != 1:
        raise Refused("not [1, frame, height, proof, keyFrame, keyHeight, keyProof]")
    _, frame, h, proof, key_frame, key_height, key_proof = body
    envelope = carried(frame, h, proof, headers, chain_id, "the frame")
    if frame[6] != KEY_SHARE or bytes(frame[1]) != bytes(frame[2]):
        raise Refused("not a key-share frame from a validator service to itself")
    m = decode_canonical(bytes(frame[7]), "the key-share message")
    if not isinstance(m, list) or len(m) != 4 or m[0] != 1:
        raise Refused("the payload is not [1, keyEpoch, height, share]")
    share = m[3]
    if not isinstance(share, list) or len(share) != 3 or share[0] != 1 or len(share[2]) != 48:
        raise Refused("the share is not [1, index, point(48)]")
    key_epoch = m[1]
    first = (key_epoch - 1) * KEY_EPOCH_LENGTH + 1
    if key_epoch < 1 or first not in sets:
        raise Refused("key epoch %d has no committee in the chain given" % key_epoch)
    committee = sets[first]
    j = share[1]
    if not 1 <= j <= 1024:
        raise Refused("participant index %d is out of range" % j)
    sigma = g1(share[2], "the share")
    if j > len(committee) or not signed_by(envelope, committee[j - 1]["identity"]):
        raise Refused("the frame is not signed by the identity key of participant %d" % j)
    if not m[2] < h:
        raise Refused("a share for height %d cannot be carried at %d" % (m[2], h))
    share_keys = epoch_key(key_frame, key_height, key_proof, headers, chain_id, key_epoch, committee)
    point = hash_to_G1(canonical([1, chain_id, key_epoch, m[2]]), IBE_DST, hashlib.sha256)
    if pairing(G2, sigma) == pairing(share_keys[j - 1], point):
        raise Refused("participant %d's share verifies: it is not bad" % j)
    return h, [j - 1]


def rpc(url, method, params):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as r:
        answer = json.loads(r.read())
    if "error" in answer:
        raise Refused("the L1 node answered %s with an error: %s" % (method, answer["error"]))
    return answer["result"]


def missed_anchor(body, chain_id, vset, headers, l1_nodes, depth):
    """§18.11: a pledge, a covered height, and the L1 window read from a trusted L1 node."""
    from eth_hash.auto import keccak

    if not isinstance(body, list) or len(body) != 5 or body[0] != 1 or len(body[4]) != 32:
        raise Refused("not [1, pledge, height, l1Block, l1BlockHash(32)]")
    _, pledge, h, l1_block, l1_hash = body
    if not isinstance(pledge, list) or len(pledge) != 11 or pledge[0] != 1:
        raise Refused("the pledge is not [1, chainID, validator, l1ChainID, contract, poster, every, fromHeight, deadline, l1FromBlock, signature]")
    _, p_chain, validator_key, l1_chain, contract, poster, every, from_height, deadline_s, l1_from, sig = pledge
    if len(validator_key) != 32 or len(contract) != 20 or len(poster) != 20 or len(sig) != 64:
        raise Refused("a pledge field has the wrong length")
    if every < 1 or not 1 <= deadline_s <= 86400:
        raise Refused("the pledge's every or deadline is out of range")
    header = need(headers, h)
    if p_chain != chain_id or header[H_CHAIN] != chain_id:
        raise Refused("the pledge or the header is not this chain's")
    signed = b"\x19" + canonical(pledge[1:10])
    try:
        nacl.signing.VerifyKey(bytes(validator_key)).verify(signed, bytes(sig))
    except (nacl.exceptions.BadSignatureError, ValueError):
        raise Refused("the pledge is not signed by the validator it names")
    matches = [i for i, v in enumerate(vset) if v["identity"] == bytes(validator_key)]
    if not matches:
        raise Refused("the pledging validator is not in the set signing height %d" % h)
    if not (h >= from_height and h > 0 and h % every == 0):
        raise Refused("the pledge does not cover height %d" % h)
    node = l1_nodes.get(l1_chain)
    if node is None:
        raise Refused("no L1 node of chain %d was given (--l1-rpc)" % l1_chain)
    if l1_block < l1_from:
        raise Refused("the window's end is before the pledge's first L1 block")
    block = rpc(node, "eth_getBlockByNumber", [hex(l1_block), False])
    following = rpc(node, "eth_getBlockByNumber", [hex(l1_block + 1), False])
    if block is None or bytes.fromhex(block["hash"][2:]) != bytes(l1_hash):
        raise Refused("the L1's block %d is not the one the evidence names" % l1_block)
    deadline = header[4] // 1000 + deadline_s  # §7.2: the timestamp is field 4, in ms
    if not (int(block["timestamp"], 16) <= deadline and following is not None and int(following["timestamp"], 16) > deadline):
        raise Refused("L1 block %d is not the last block at or before the deadline" % l1_block)
    if int(rpc(node, "eth_blockNumber", []), 16) < l1_block + depth:
        raise Refused("the window's end is not yet %d blocks deep" % depth)
    topic0 = keccak(b"Anchored(bytes32,uint64,address,bytes32,bytes32)")
    mesh = keccak(chain_id.encode())
    logs = rpc(node, "eth_getLogs", [{
        "address": "0x" + bytes(contract).hex(), "fromBlock": hex(l1_from), "toBlock": hex(l1_block),
        "topics": ["0x" + topic0.hex(), "0x" + mesh.hex(), "0x" + h.to_bytes(32, "big").hex(),
                   "0x" + (bytes(12) + bytes(poster)).hex()],
    }])
    anchored = [bytes.fromhex(log["data"][2:66]) for log in logs if len(log["data"]) == 2 + 128]
    if header_hash(header) in anchored:
        raise Refused("height %d was anchored in time by the pledged poster" % h)
    return h, [matches[0]]


def main():
    parser = argparse.ArgumentParser(description="A standalone verifier of portable evidence (SPEC §18.9).")
    parser.add_argument("genesis")
    parser.add_argument("chain")
    parser.add_argument("envelopes", nargs="+")
    parser.add_argument("--l1-rpc", action="append", default=[], help="an L1 node for missed anchors (repeatable)")
    parser.add_argument("--l1-depth", type=int, default=2)
    args = parser.parse_args()
    genesis = json.load(open(args.genesis))
    chain = cbor2.loads(open(args.chain, "rb").read())
    l1_nodes = {int(rpc(url, "eth_chainId", []), 16): url for url in args.l1_rpc}
    sets = sets_by_height(genesis, chain)
    headers = headers_by_height(chain)
    status = 0
    for path in args.envelopes:
        data = open(path, "rb").read()
        ident = blake3.blake3(b"\x18" + data).hexdigest()
        try:
            env = decode_canonical(data, "the envelope")
            if not isinstance(env, list) or len(env) != 5 or env[0] != 1:
                raise Refused("not [1, kind, chainID, height, body]")
            _, kind, chain_id, height, body = env
            if chain_id != genesis["chainID"]:
                raise Refused("the evidence is for mesh %s" % chain_id)
            if height not in sets:
                raise Refused("no set is known for height %d from the chain given" % height)
            checks = {
                1: ("equivocation", lambda b, c, v: equivocation(b, c, v)),
                2: ("missed-inclusion", lambda b, c, v: missed_inclusion(b, c, v, headers)),
                3: ("list-equivocation", lambda b, c, v: list_equivocation(b, c, v, headers)),
                4: ("da-fault", lambda b, c, v: da_fault(b, c, v, headers)),
                5: ("bad-key-share", lambda b, c, v: bad_key_share(b, c, headers, sets)),
                6: ("fork", lambda b, c, v: fork(b, c, v)),
                7: ("missed-anchor", lambda b, c, v: missed_anchor(b, c, v, headers, l1_nodes, args.l1_depth)),
            }
            if kind not in checks:
                print("unsupported %s kind %d" % (ident, kind))
                status = max(status, 3)
                continue
            name, check = checks[kind]
            try:
                offence, offenders = check(decode_canonical(bytes(body), "the body"), chain_id, sets[height])
            except (ValueError, TypeError, IndexError, KeyError, AttributeError) as e:
                raise Refused("the body is not of its kind's shape: %s" % e)
            if offence != height:
                raise Refused("the envelope's height is not the offence's")
            if kind == 4:
                print("ok %s %s %d storer=%s" % (ident, name, height, offenders.hex()))
            else:
                print("ok %s %s %d offenders=%s" % (ident, name, height, ",".join(str(i) for i in offenders)))
        except Refused as e:
            print("bad %s %s" % (ident, e))
            status = max(status, 1)
    sys.exit(status)


main()
