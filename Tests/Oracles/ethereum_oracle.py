"""Oracle: Ethereum primitives from PyPI — Keccak-256 (pycryptodome), RLP (rlp), EIP-1559 signing and
recovery (eth-account). First argument: the mode; stdin: one JSON value per line; stdout: one JSON value
per line.
  keccak       "hex"                                   -> "digest hex"
  rlp-encode   item (a hex string or a list of items)  -> "encoding hex"
  rlp-decode   "hex"                                   -> item, or null when rlp refuses it (strict)
  sign         {"secret", "chainId", "nonce", "maxPriorityFeePerGas", "maxFeePerGas", "gas", "to",
                "value", "data"}                       -> {"raw", "hash", "address"}
  recover      "raw hex"                               -> {"sender", "fields"} or null
"""
import json
import sys

import rlp
from Crypto.Hash import keccak
from eth_account import Account
from eth_account.typed_transactions import TypedTransaction
from eth_utils import to_checksum_address
from hexbytes import HexBytes


def keccak256(b):
    k = keccak.new(digest_bits=256)
    k.update(b)
    return k.digest()


def to_item(v):
    return bytes.fromhex(v) if isinstance(v, str) else [to_item(x) for x in v]


def from_item(v):
    return v.hex() if isinstance(v, bytes) else [from_item(x) for x in v]


def main():
    mode = sys.argv[1]
    for line in sys.stdin.read().split("\n"):
        if not line:
            continue
        v = json.loads(line)
        if mode == "keccak":
            out = keccak256(bytes.fromhex(v)).hex()
        elif mode == "rlp-encode":
            out = rlp.encode(to_item(v)).hex()
        elif mode == "rlp-decode":
            try:
                out = from_item(rlp.decode(bytes.fromhex(v), strict=True))
            except Exception:
                out = None
        elif mode == "sign":
            tx = {
                "type": 2,
                "chainId": v["chainId"],
                "nonce": v["nonce"],
                "maxPriorityFeePerGas": v["maxPriorityFeePerGas"],
                "maxFeePerGas": v["maxFeePerGas"],
                "gas": v["gas"],
                "value": v["value"],
                "data": "0x" + v["data"],
                "accessList": [],
            }
            if v["to"]:
                tx["to"] = to_checksum_address("0x" + v["to"])
            acct = Account.from_key(bytes.fromhex(v["secret"]))
            signed = acct.sign_transaction(tx)
            out = {"raw": bytes(signed.raw_transaction).hex(), "hash": bytes(signed.hash).hex(), "address": acct.address}
        elif mode == "recover":
            try:
                raw = bytes.fromhex(v)
                t = TypedTransaction.from_bytes(HexBytes(raw))
                d = t.as_dict()
                out = {
                    "sender": Account.recover_transaction(raw),
                    "nonce": d["nonce"],
                    "chainId": d["chainId"],
                    "gas": d["gas"],
                    "maxFeePerGas": d["maxFeePerGas"],
                    "data": bytes(d["data"]).hex(),
                }
            except Exception:
                out = None
        else:
            raise SystemExit("unknown mode " + mode)
        print(json.dumps(out))


main()
