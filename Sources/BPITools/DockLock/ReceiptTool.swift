import BPICodec
import BPIDockLock
import BPINode
import BPIToolKit
import BPITypes
import Foundation

/// `bpi receipt show|replay` (docs/CLI.md): reads canonical receipts, and re-executes one from its
/// witness log alone.
public enum ReceiptTool {
    /// The receipt in `path` (canonical CBOR, or hex of it).
    public static func load(_ path: String) throws(ToolError) -> Receipt {
        var bytes = try InputReader.readAll(path: path)
        if let text = String(bytes: bytes, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
            let decoded = try? Hex.decode(text)
        {
            bytes = decoded
        }
        do {
            return try Receipt(canonicalBytes: bytes)
        } catch {
            throw .badInput("\(path): not a canonical receipt: \(error)")
        }
    }

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
    public static func replay(receiptPath: String, witnessPath: String) throws(ToolError) -> ReplayReport {
        let receipt = try load(receiptPath)
        let witness = try InputReader.readAll(path: witnessPath)
        let start = Stopwatch.now()
        var seconds: Double { Double(Stopwatch.now() - start) / 1e9 }
        do {
            _ = try DockLock.replay(receipt, witness: witness)
            return ReplayReport(receipt: receipt, failure: nil, seconds: seconds)
        } catch {
            return ReplayReport(receipt: receipt, failure: error.description, seconds: seconds)
        }
    }
}
