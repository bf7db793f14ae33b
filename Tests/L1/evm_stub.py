"""An EVM L1 for tests and devnets (docs/SPEC.md §18.5): py-evm through eth-tester behind a JSON-RPC
server that answers the standard eth_* methods the anchor client uses, plus test-only controls.

  python evm_stub.py [--port P] --chain-id ID [--block-time S] [--funded ADDRESS:WEI ...]

What it adds to eth-tester, so it behaves like a public L1 and not like an instant test chain:
  - its own mempool: eth_sendRawTransaction checks the chain id, the signature, the nonce and the
    fee cap; a transaction with the sender's nonce already pending replaces it only with both fees
    raised by at least 10 % ("replacement transaction underpriced" otherwise);
  - blocks every --block-time seconds (0: only on test_mine), each taking, in fee order, the pending
    transactions whose maxFeePerGas covers the block's base fee;
  - test_setGasSpike(wei): the base fee reported and charged is at least `wei` until set back to 0,
    so underpriced transactions wait;
  - test_reorg(depth): the last `depth` blocks are replaced by `depth + 1` blocks of a different
    branch; their transactions are dropped (not returned to the mempool) — a poster must notice
    and send again;
  - test_mine(n), test_fund(address, wei), test_pending().
"""
import argparse
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from eth_account import Account
from eth_account.typed_transactions import TypedTransaction
from eth_tester import EthereumTester, PyEVMBackend
from eth_utils import keccak, to_canonical_address, to_checksum_address
from hexbytes import HexBytes


class RPCError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def qty(n):
    return hex(int(n))


def data(b):
    """0x-hex of bytes; eth-tester already gives most values as 0x-hex strings."""
    return b if isinstance(b, str) else "0x" + bytes(b).hex()


class Chain:
    def __init__(self, chain_id, funded):
        self.lock = threading.RLock()
        self.chain_id = chain_id
        self.backend = PyEVMBackend()
        self.tester = EthereumTester(self.backend, auto_mine_transactions=False)
        self.funder = self.backend.account_keys[0]
        self.pool = {}  # (sender, nonce) -> (raw hex, decoded dict)
        self.spike = 0
        self.snapshots = {}  # block number -> snapshot taken before that block was mined
        self.reported_base_fee = {}  # block number -> base fee reported (spike included)
        self.dropped = 0
        for address, wei in funded:
            self.fund(address, wei)

    # Fees -----------------------------------------------------------------------------------
    def real_next_base_fee(self):
        return int(self.tester.get_block_by_number("pending")["base_fee_per_gas"])

    def next_base_fee(self):
        return max(self.real_next_base_fee(), self.spike)

    def head(self):
        return int(self.tester.get_block_by_number("latest")["number"])

    # Transactions ---------------------------------------------------------------------------
    def send_raw(self, raw_hex):
        raw = HexBytes(raw_hex)
        try:
            tx = TypedTransaction.from_bytes(raw).as_dict() if raw[0] < 0x80 else None
            sender = Account.recover_transaction(raw)
        except Exception as e:
            raise RPCError(-32602, f"invalid transaction: {e}")
        if tx is None or tx.get("type", 0) != 2:
            raise RPCError(-32602, "only EIP-1559 (type 2) transactions are taken here")
        if tx["chainId"] != self.chain_id:
            raise RPCError(-32000, f"invalid chain id {tx['chainId']} (this chain is {self.chain_id})")
        nonce = tx["nonce"]
        if nonce < self.tester.get_nonce(sender):
            raise RPCError(-32000, "nonce too low")
        if tx["maxPriorityFeePerGas"] > tx["maxFeePerGas"]:
            raise RPCError(-32000, "max priority fee per gas higher than max fee per gas")
        balance = self.tester.get_balance(sender)
        if balance < tx["gas"] * tx["maxFeePerGas"] + tx["value"]:
            raise RPCError(-32000, "insufficient funds for gas * price + value")
        key = (sender, nonce)
        old = self.pool.get(key)
        if old is not None:
            o = old[1]
            if not (tx["maxFeePerGas"] * 10 >= o["maxFeePerGas"] * 11
                    and tx["maxPriorityFeePerGas"] * 10 >= o["maxPriorityFeePerGas"] * 11):
                raise RPCError(-32000, "replacement transaction underpriced")
        self.pool[key] = (raw_hex, tx)
        return data(keccak(bytes(raw)))

    def mine(self, count=1, coinbase="0x0000000000000000000000000000000000000000"):
        """Mines blocks straight on py-evm (`mine_all`): each takes, per sender in nonce order, the
        pending transactions whose maxFeePerGas covers the block's base fee. (eth-tester's own
        send path checks every transaction against the last block's nonce, so it could take only
        one per sender and block.)"""
        chain = self.backend.chain
        for _ in range(count):
            number = self.head() + 1
            self.snapshots[number] = self.tester.take_snapshot()
            base = self.next_base_fee()
            self.reported_base_fee[number] = base
            vm = chain.get_vm()
            builder = vm.get_transaction_builder()
            expected = {}
            chosen, keys = [], []
            for key, (raw_hex, tx) in sorted(self.pool.items(), key=lambda kv: (kv[0][0], kv[0][1])):
                sender, nonce = key
                if sender not in expected:
                    expected[sender] = self.tester.get_nonce(sender)
                if nonce != expected[sender] or tx["maxFeePerGas"] < base:
                    continue
                chosen.append(builder.decode(HexBytes(raw_hex)))
                keys.append(key)
                expected[sender] = nonce + 1
            kwargs = {"coinbase": to_canonical_address(coinbase), "mix_hash": os.urandom(32)}
            if "Prague" in type(vm).__name__ or "Cancun" in type(vm).__name__:
                kwargs["blob_gas_used"] = 0
            try:
                chain.mine_all(chosen, **kwargs)
            except Exception as e:
                # A transaction the block cannot take (funds gone, say): drop what was chosen.
                print(f"block {number}: dropped {len(chosen)} transaction(s): {e}", flush=True)
                for key in keys:
                    self.pool.pop(key, None)
                keys = []
                chain.mine_all([], **kwargs)
            for key in keys:
                self.pool.pop(key, None)
            # Drop what the chain has made stale.
            for key in [k for k in self.pool if k[1] < self.tester.get_nonce(k[0])]:
                del self.pool[key]

    def reorg(self, depth):
        head = self.head()
        if depth < 1 or depth > head - 1:
            raise RPCError(-32602, f"a reorg depth must be between 1 and {head - 1}")
        first = head - depth + 1
        snapshot = self.snapshots.get(first)
        if snapshot is None:
            raise RPCError(-32000, f"no snapshot before block {first}")
        dropped = sum(len(self.tester.get_block_by_number(n)["transactions"]) for n in range(first, head + 1))
        self.tester.revert_to_snapshot(snapshot)
        for n in list(self.snapshots):
            if n > first:
                del self.snapshots[n]
        # A different branch: one block longer, another coinbase (so other hashes), no transactions.
        saved = self.pool
        self.pool = {}
        self.mine(depth + 1, coinbase="0x00000000000000000000000000000000000dead0")
        self.pool = saved
        self.dropped += dropped
        return {"from": first, "dropped": dropped, "head": self.head()}

    def fund(self, address, wei):
        self.tester.send_transaction({
            "from": self.funder.public_key.to_checksum_address(), "to": to_checksum_address(address), "value": int(wei),
            "gas": 21000, "max_fee_per_gas": 10**12, "max_priority_fee_per_gas": 1,
        })
        self.tester.mine_blocks(1)

    # JSON shapes ----------------------------------------------------------------------------
    def block_json(self, b):
        """A block; transactions as hashes whether or not full ones were asked for."""
        number = int(b["number"])
        return {
            "number": qty(number), "hash": data(b["hash"]), "parentHash": data(b["parent_hash"]),
            "timestamp": qty(b["timestamp"]), "gasLimit": qty(b["gas_limit"]), "gasUsed": qty(b["gas_used"]),
            "baseFeePerGas": qty(self.reported_base_fee.get(number, b["base_fee_per_gas"])),
            "transactions": [data(t) for t in b["transactions"]],
        }

    def receipt_json(self, r):
        return {
            "transactionHash": data(r["transaction_hash"]), "blockNumber": qty(r["block_number"]),
            "blockHash": data(r["block_hash"]), "status": qty(r["status"]), "gasUsed": qty(r["gas_used"]),
            "effectiveGasPrice": qty(r.get("effective_gas_price", 0) or 0),
            "contractAddress": r["contract_address"] and to_checksum_address(r["contract_address"]),
            "logs": [self.log_json(entry) for entry in r["logs"]],
        }

    @staticmethod
    def log_json(entry):
        return {
            "address": to_checksum_address(entry["address"]), "topics": [data(t) for t in entry["topics"]],
            "data": data(entry["data"]), "blockNumber": qty(entry["block_number"]),
            "blockHash": data(entry["block_hash"]), "transactionHash": data(entry["transaction_hash"]),
            "logIndex": qty(entry["log_index"]),
        }

    def block_number_arg(self, tag):
        if tag in (None, "latest", "safe", "finalized"):
            return "latest"
        if tag == "pending":
            return "pending"
        if tag == "earliest":
            return 0
        return int(tag, 16)

    # Dispatch -------------------------------------------------------------------------------
    def call(self, method, p):
        with self.lock:
            t = self.tester
            if method == "eth_chainId":
                return qty(self.chain_id)
            if method == "net_version":
                return str(self.chain_id)
            if method == "eth_blockNumber":
                return qty(self.head())
            if method == "eth_gasPrice":
                return qty(self.next_base_fee() + 10**9)
            if method == "eth_maxPriorityFeePerGas":
                return qty(10**9)
            if method == "eth_feeHistory":
                count = int(p[0], 16) if isinstance(p[0], str) else int(p[0])
                newest = self.head() if p[1] in ("latest", "pending") else int(p[1], 16)
                oldest = max(1, newest - count + 1)
                fees = [self.reported_base_fee.get(n, int(t.get_block_by_number(n)["base_fee_per_gas"]))
                        for n in range(oldest, newest + 1)]
                fees.append(self.next_base_fee())
                pcts = p[2] if len(p) > 2 else []
                return {"oldestBlock": qty(oldest), "baseFeePerGas": [qty(f) for f in fees],
                        "gasUsedRatio": [0.0] * (newest - oldest + 1),
                        "reward": [[qty(10**9) for _ in pcts] for _ in range(newest - oldest + 1)]}
            if method == "eth_getTransactionCount":
                address = to_checksum_address(p[0])
                tag = p[1] if len(p) > 1 else "latest"
                n = t.get_nonce(address)
                if tag == "pending":
                    while (address, n) in self.pool:
                        n += 1
                return qty(n)
            if method == "eth_getBalance":
                return qty(t.get_balance(to_checksum_address(p[0])))
            if method == "eth_sendRawTransaction":
                return self.send_raw(p[0])
            if method == "eth_getTransactionReceipt":
                try:
                    r = t.get_transaction_receipt(p[0])
                except Exception:
                    return None
                if r is None or r.get("block_number") is None:
                    return None
                return self.receipt_json(r)
            if method == "eth_getBlockByNumber":
                try:
                    b = t.get_block_by_number(self.block_number_arg(p[0]))
                except Exception:
                    return None
                return self.block_json(b)
            if method == "eth_getLogs":
                f = p[0] if p else {}
                frm = f.get("fromBlock", "latest")
                to = f.get("toBlock", "latest")
                frm = self.head() if frm in ("latest", "pending") else (0 if frm == "earliest" else int(frm, 16))
                to = self.head() if to in ("latest", "pending") else (0 if to == "earliest" else int(to, 16))
                address = f.get("address")
                topics = f.get("topics")
                logs = t.get_logs(from_block=frm, to_block=to, address=address, topics=topics)
                return [self.log_json(entry) for entry in logs]
            if method == "eth_call":
                tx = p[0]
                call = {"to": to_checksum_address(tx["to"]), "data": tx.get("data") or tx.get("input") or "0x",
                        "from": tx.get("from") or self.funder.public_key.to_checksum_address(), "gas": 10**7}
                return data(t.call(call, self.block_number_arg(p[1] if len(p) > 1 else "latest")))
            if method == "eth_estimateGas":
                tx = p[0]
                est = {"to": tx.get("to") and to_checksum_address(tx["to"]), "data": tx.get("data") or "0x",
                       "from": to_checksum_address(tx["from"]) if tx.get("from") else self.funder.public_key.to_checksum_address()}
                if est["to"] is None:
                    del est["to"]
                return qty(t.estimate_gas(est))
            if method == "test_mine":
                self.mine(int(p[0]) if p else 1)
                return qty(self.head())
            if method == "test_reorg":
                return self.reorg(int(p[0]))
            if method == "test_setGasSpike":
                self.spike = int(p[0], 16) if isinstance(p[0], str) else int(p[0])
                return qty(self.next_base_fee())
            if method == "test_fund":
                self.fund(p[0], int(p[1], 16) if isinstance(p[1], str) else int(p[1]))
                return qty(t.get_balance(to_checksum_address(p[0])))
            if method == "test_pending":
                return len(self.pool)
            raise RPCError(-32601, f"method {method} is not served by this L1 stub")


def serve(chain, port, block_time):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(f"evm L1 stub, chain {chain.chain_id}\n".encode())

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            try:
                req = json.loads(body)
            except Exception:
                return self.reply({"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "parse error"}})
            try:
                result = chain.call(req.get("method"), req.get("params") or [])
                out = {"jsonrpc": "2.0", "id": req.get("id"), "result": result}
            except RPCError as e:
                out = {"jsonrpc": "2.0", "id": req.get("id"), "error": {"code": e.code, "message": e.message}}
            except Exception as e:
                out = {"jsonrpc": "2.0", "id": req.get("id"), "error": {"code": -32603, "message": f"{type(e).__name__}: {e}"}}
            self.reply(out)

        def reply(self, obj):
            payload = json.dumps(obj).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    if block_time > 0:
        def producer():
            while True:
                time.sleep(block_time)
                with chain.lock:
                    chain.mine(1)
        threading.Thread(target=producer, daemon=True).start()
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"listening on 127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=0, help="0: any free port (printed when listening)")
    ap.add_argument("--chain-id", type=int, required=True)
    ap.add_argument("--block-time", type=float, default=0.0)
    ap.add_argument("--funded", nargs="*", default=[], help="ADDRESS:WEI accounts funded at start")
    a = ap.parse_args()
    chain = Chain(a.chain_id, [(x.split(":")[0], int(x.split(":")[1])) for x in a.funded])
    serve(chain, a.port, a.block_time)


main()
