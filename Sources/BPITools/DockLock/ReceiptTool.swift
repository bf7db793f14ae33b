import BPICodec
import BPIDockLock
import BPIHash
import BPILightClientTool
import BPINode
import BPIToolKit
import BPITypes
import Foundation

/// `bpi receipt show|replay|submit|prove|verify` (docs/CLI.md): reads canonical receipts,
/// re-executes one from its witness log alone, sends one to the mesh, fetches its inclusion proof,
/// and checks that proof against a chain verified from genesis.
public enum ReceiptTool {
    /// The receipt in `path` (canonical CBOR, or hex of it).
    public static func load(_ path: String) throws(ToolError) -> Receipt { try LightClientTool.readReceipt(path) }

    /// The receipt as JSON.
    public static func show(_ path: String) throws(ToolError) -> String {
        String(decoding: ToolJSON.encode(ReceiptView(try load(path)), pretty: true) ?? Data(), as: UTF8.self)
    }

    /// What a replay found.
    public struct ReplayReport: Sendable {
        public var receipt: Receipt
        /// Why the replay refused the receipt, or nil when it reproduced it.
        public var failure: String?
        public var seconds: Double

        public var text: String {
            failure.map { "FAILED: \($0)" }
                ?? String(
                    format: "OK: receipt %@ replays from its witness (%@, %llu events, %.3f s)", receipt.id.hex,
                    receipt.outcome.description, receipt.eventCount, seconds)
        }

        public var json: String {
            var fields: [(String, CBOR)] = [
                ("ok", .bool(failure == nil)), ("receipt", .text(receipt.id.hex)), ("ms", .unsigned(UInt64(seconds * 1e3))),
            ]
            if let failure { fields.append(("message", .text(failure))) }
            return ToolJSON.object(fields)
        }
    }

    /// Replays `receiptPath` from `witnessPath`: a refused receipt is the report's failure; an
    /// unreadable file is an exit-2 error.
    public static func replay(receiptPath: String, witnessPath: String, agreementPath: String? = nil) throws(ToolError)
        -> ReplayReport
    {
        let receipt = try load(receiptPath)
        let agreement = try agreementPath.map(AgreementTool.load)
        let witness = try InputReader.readAll(path: witnessPath)
        let start = Stopwatch.now()
        var seconds: Double { Double(Stopwatch.now() - start) / 1e9 }
        do {
            _ = try DockLock.replay(receipt, witness: witness, agreement: agreement)
            return ReplayReport(receipt: receipt, failure: nil, seconds: seconds)
        } catch {
            return ReplayReport(receipt: receipt, failure: error.description, seconds: seconds)
        }
    }
}

extension ReceiptTool {
    /// What `bpi receipt submit` did.
    public struct Submitted: Sendable, Codable {
        /// The signed receipt's id (its leaf under `receiptsRoot`).
        public var receipt: String
        /// The frame that carried it.
        public var frame: String
        /// The height that finalized it (with `--wait`).
        public var height: UInt64?
    }

    /// Replays the receipt locally, signs it as service `service` (its executor), and sends it with
    /// its witness as a receipt frame; with `wait`, until a header finalizes it.
    public static func submit(
        home: URL, service: String, passphrase: [UInt8], rpc: RPCClient, receiptPath: String, witnessPath: String,
        signedOut: String?, wait: Bool, timeout: Double, agreementPath: String? = nil
    ) async throws(ToolError) -> Submitted {
        let receipt = try load(receiptPath)
        let witness = try InputReader.readAll(path: witnessPath)
        let agreement = try agreementPath.map(AgreementTool.load)
        do {
            _ = try DockLock.replay(receipt, witness: witness, agreement: agreement)
        } catch {
            throw .verificationFailed("the receipt does not replay from this witness, so validators would refuse it: \(error)")
        }
        let (identity, _) = try ServiceTool.unlock(home: home, name: service, passphrase: passphrase)
        var client = ServiceClient(rpc: rpc, identity: identity)
        let signed = client.sender.sign(receipt)
        let payload = ReceiptSubmission(receipt: signed, witnessLog: witness).canonicalBytes()
        guard payload.count <= Frame.maxPayloadBytes else {
            throw .badInput(
                "the receipt with its witness is \(payload.count) bytes; a frame carries at most \(Frame.maxPayloadBytes) "
                    + "(large inputs belong in data availability, not in the witness)")
        }
        if let signedOut {
            do {
                try Data(signed.canonicalBytes()).write(to: URL(fileURLWithPath: signedOut))
            } catch {
                throw .io("--signed-out \(signedOut): \(error.localizedDescription)")
            }
        }
        try await client.resume(to: [client.id])
        let frame = try await client.submit { s, tick in s.receipt(signed, witnessLog: witness, tick: tick) }
        var height: UInt64?
        if wait { height = try await ServiceClient.waitFinalized(frame.id, rpc: rpc, timeout: timeout).height }
        return Submitted(receipt: signed.id.hex, frame: frame.id.hex, height: height)
    }

    /// Fetches receipt `id`'s proof, the receipt and the chain up to its height into `directory`:
    /// `proof.json`, `receipt.cbor`, `chain.cbor` — what `bpi receipt verify` and `lc-verify` check.
    public static func prove(rpc: RPCClient, id: String, directory: String) async throws(ToolError) -> ReceiptProofView {
        guard Hash32(hex: id) != nil else { throw .badInput("--id takes a receipt id (64 hex digits)") }
        let proof = try await rpc.getJSON("/v1/receipts/\(id)/proof", as: ReceiptProofView.self)
        guard let receiptBytes = try? Hex.decode(proof.receipt) else {
            throw .verificationFailed("the node's proof has no receipt")
        }
        let entries = try await rpc.chain(through: proof.height)
        let out = URL(fileURLWithPath: directory)
        do {
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try (ToolJSON.encode(proof, pretty: true) ?? Data()).write(to: out.appendingPathComponent("proof.json"))
            try Data(receiptBytes).write(to: out.appendingPathComponent("receipt.cbor"))
            try Data(ChainFile(entries: entries).canonicalBytes()).write(to: out.appendingPathComponent("chain.cbor"))
        } catch {
            throw .io("--out \(directory): \(error.localizedDescription)")
        }
        return proof
    }

    /// Verifies the chain file from genesis and the receipt's inclusion in it; the refusal, or nil.
    public static func verify(receiptPath: String, proofPath: String, genesisPath: String, chainPath: String)
        throws(ToolError) -> (receipt: Receipt, height: UInt64, refusal: String?)
    {
        let (genesis, chain) = try LightClientTool.load(genesisPath: genesisPath, chainPath: chainPath)
        let (receipt, proof, height) = try LightClientTool.loadReceipt(receiptPath: receiptPath, proofPath: proofPath)
        let (_, refusal) = try LightClientTool.verifyReceipt(
            genesis: genesis, chain: chain, receipt: receipt, proof: proof, height: height)
        return (receipt, height, refusal)
    }
}
