"""Reads a CAR v1 file (path in argv[1]) with independent IPLD libraries — multiformats (CIDs,
multihashes, including BLAKE3 through the blake3 package), dag-cbor and libipld (DAG-CBOR) — and
prints JSON: the roots, the block count, whether every block hashes to its CID, the object node's
object bytes (hex), and the shard count reached from the root through present links."""
import json
import sys

import dag_cbor
import libipld
from multiformats import CID, multihash


def varint(data, at):
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, at
        shift += 7


data = open(sys.argv[1], "rb").read()
length, at = varint(data, 0)
header = dag_cbor.decode(data[at:at + length])
at += length
blocks = {}
all_match = True
while at < len(data):
    length, at = varint(data, at)
    section = data[at:at + length]
    at += length
    cid = CID.decode(section[:36] if section[1] in (0x55, 0x71) else section)
    cid_len = len(bytes(cid))
    body = section[cid_len:]
    name = cid.hashfun.name
    digest = multihash.digest(body, name, size=32) if name == "blake3" else multihash.digest(body, name)
    if bytes(digest) != bytes(cid.digest):
        all_match = False
    if cid.codec.name == "dag-cbor":
        decoded = dag_cbor.decode(body)
        # A second, independent DAG-CBOR implementation must agree, and the bytes must be canonical.
        if dag_cbor.encode(decoded) != body or libipld.encode_dag_cbor(libipld.decode_dag_cbor(body)) != body:
            all_match = False
        blocks[str(cid)] = ("dag-cbor", decoded)
    else:
        blocks[str(cid)] = (cid.codec.name, body)

root = header["roots"][0]
kind, node = blocks[str(root)]
shards = 0
for chunk_link in node["chunks"]:
    _, chunk = blocks[str(chunk_link)]
    for shard_link in chunk["shards"]:
        _, shard = blocks[str(shard_link)]
        leaf_kind, _ = blocks[str(shard["data"])]
        if leaf_kind == "raw":
            shards += 1
print(json.dumps({
    "version": header["version"], "roots": [r.encode("base32") for r in header["roots"]], "blocks": len(blocks),
    "allCIDsMatch": all_match, "object": node["object"].hex(), "shards": shards,
}))
