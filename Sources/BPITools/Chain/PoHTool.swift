import BPICodec
import BPIHash
import BPINode
import BPIPoH
import BPIToolKit
import BPITypes
import Foundation

/// `bpi poh verify --rpc URL`: replays the Proof-of-History tick lists of a node's headers
/// (docs/SPEC.md §11.2) — each list against its header's `pohRoot` and `framesRoot`, from the
/// previous header's VRF output, every record replayed on all cores. It checks the ticks only:
/// the headers themselves (signatures, proposers) are `bpi verify`'s job.
public enum PoHTool {
    /// What a run checked.
    public struct Report: Sendable {
        public var from: UInt64
        public var through: UInt64
        public var records = 0
        public var hashes: UInt64 = 0
        public var seconds = 0.0
        /// The first refused height and why, or nil when every list replayed.
        public var failure: (height: UInt64, reason: String)?

        /// Sequential steps replayed per second.
        public var rate: Double { seconds > 0 ? Double(hashes) / seconds : 0 }

        /// Human-readable summary.
        public var text: String {
            let checked = failure.map { $0.height - from } ?? (through >= from ? through - from + 1 : 0)
            var lines = [
                failure == nil
                    ? "OK: the tick lists of heights \(from)…\(through) replay" : "FAILED after \(checked) heights",
                String(
                    format: "%d tick records, %llu sequential hashes replayed in %.3f s (%.1f M hashes/s)", records, hashes,
                    seconds,
                    rate / 1e6),
            ]
            if let failure { lines.append("height \(failure.height): \(failure.reason)") }
            return lines.joined(separator: "\n")
        }

        /// JSON summary.
        public var json: String {
            var fields: [(String, CBOR)] = [
                ("ok", .bool(failure == nil)), ("from", .unsigned(from)), ("through", .unsigned(through)),
                ("records", .unsigned(UInt64(records))), ("hashes", .unsigned(hashes)),
                ("ms", .unsigned(UInt64(seconds * 1e3))),
            ]
            if let failure { fields += [("failureHeight", .unsigned(failure.height)), ("message", .text(failure.reason))] }
            return ToolJSON.object(fields)
        }
    }

    /// Fetches heights `from…to` (default: 1 to the node's latest) and the header before them,
    /// and replays each tick list. Throws for usage and transport problems; a refused list is the
    /// report's `failure`.
    public static func verify(
        rpc: RPCClient, from: UInt64 = 1, to: UInt64? = nil, progress: (UInt64, UInt64) -> Void = { _, _ in }
    ) async throws(ToolError) -> Report {
        guard from >= 1 else { throw .badInput("--from must be a height ≥ 1") }
        let status = try await rpc.getJSON("/v1/status", as: NodeStatus.self)
        let through = min(to ?? status.height, status.height)
        guard through >= from else {
            throw .badInput("the node has finalized \(status.height) headers; nothing to check from height \(from)")
        }
        let genesis: Genesis
        do {
            genesis = try Genesis(json: try await rpc.get("/v1/genesis"))
        } catch let error as ToolError {
            throw error
        } catch {
            throw .verificationFailed("the node's genesis does not decode: \(error)")
        }
        var report = Report(from: from, through: through)
        var seed = genesis.hash.bytes
        var previousHash = genesis.hash
        var start = from
        if from > 1 {
            let before = try await fetch(rpc: rpc, from: from - 1, through: from - 1)
            guard let header = before.first?.header, header.height == from - 1 else {
                throw .verificationFailed("the node did not serve height \(from - 1)")
            }
            seed = header.vrfOutput
            previousHash = header.hash
        }
        let t0 = Stopwatch.now()
        while start <= through {
            let last = min(through, start + NodeAPI.maxRange - 1)
            let page = try await fetch(rpc: rpc, from: start, through: last)
            guard page.count == Int(last - start + 1) else {
                throw .verificationFailed("the node served \(page.count) entries for heights \(start)…\(last)")
            }
            for entry in page {
                let header = entry.header
                guard header.prevHash == previousHash else {
                    report.failure = (header.height, "prev_hash does not link to the header before it")
                    break
                }
                if let reason = refusal(entry, seed: seed, parameters: genesis.poh) {
                    report.failure = (header.height, reason)
                    break
                }
                report.records += entry.poh.count
                report.hashes += entry.poh.reduce(0) { $0 + $1.hashes }
                seed = header.vrfOutput
                previousHash = header.hash
            }
            if report.failure != nil { break }
            progress(last, through)
            start = last + 1
        }
        report.seconds = Double(Stopwatch.now() - t0) / 1e9
        return report
    }

    /// Why `entry`'s tick list is refused (§11.2), or nil.
    static func refusal(_ entry: ChainEntry, seed: [UInt8], parameters: PoHParameters) -> String? {
        guard Block.framesRoot(ids: entry.frames.map(\.id)) == entry.header.framesRoot else {
            return "the frame envelopes served with the header do not hash to frames_root"
        }
        do {
            try BlockPoH.check(
                entry.poh, events: entry.frames.map { NonceChain.value(after: $0.header) }, pohRoot: entry.header.pohRoot,
                seed: seed, parameters: parameters, threads: ProcessInfo.processInfo.activeProcessorCount)
            return nil
        } catch {
            return "proof of history: \(error)"
        }
    }

    static func fetch(rpc: RPCClient, from: UInt64, through: UInt64) async throws(ToolError) -> [ChainEntry] {
        let bytes = try await rpc.get("/v1/chain?from=\(from)&to=\(through)")
        do {
            return try ChainFile(canonicalBytes: [UInt8](bytes), limits: CBORDecodingLimits(maxDepth: 64, maxLength: 1 << 30))
                .entries
        } catch {
            throw .verificationFailed("the node sent a malformed chain for \(from)…\(through): \(error)")
        }
    }
}
