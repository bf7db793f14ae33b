import BPICodec
import BPIHash
import BPILightClient
import BPIToolKit
import BPITypes
import Foundation

/// `lc-verify`, `bpi verify` and `bpi testchain generate`: light-client verification of chain
/// files. Links the light client and the codec only: no node, network or storage code.
public enum LightClientTool {
    /// How much of the tick lists to replay (`--poh`).
    public typealias Replay = PoHReplay
    /// The confirmed anchors a run judges the chain against (`--anchors`).
    public typealias Anchors = AnchorBook
    /// What a verification run found.
    public struct Report: Sendable {
        /// Headers verified before the end or the first failure.
        public var verifiedHeight: UInt64
        /// Entries in the file.
        public var entries: Int
        /// Validator-set changes verified.
        public var rotations: Int
        /// The first failure, if any.
        public var failure: LightClientError?
        /// Per-header verification times, seconds (empty unless timings were asked for).
        public var perHeader: [Double]
        /// Total verification time, seconds (batched signature checks).
        public var total: Double
        /// Total time of the one-by-one pass that measured `perHeader`, seconds (0 unless asked for).
        public var sequentialTotal: Double
        /// The height a node said it had (`bpi verify`), compared with what it served and verified.
        public var claimedHeight: UInt64?
        /// How the tick lists were replayed, and what that covered.
        public var poh: PoHReplay = .full
        public var pohStats = PoHReplayStats()
        /// Confirmed anchors held (0 without `--anchors`), how many verified headers they
        /// confirmed, the highest such height, and the highest anchored height at all.
        public var anchorsHeld = 0
        public var anchorsMatched = 0
        public var anchoredHeight: UInt64 = 0
        public var highestAnchor: UInt64 = 0

        /// An anchor confirms a height the chain does not reach: the source withheld headers
        /// (or is behind).
        public var shortOfAnchor: Bool { failure == nil && highestAnchor > verifiedHeight }

        /// A node that claimed more headers than it served and the light client verified.
        public var shortOfClaim: Bool { failure == nil && claimedHeight.map { verifiedHeight < $0 } ?? false }

        /// The per-header verification time at fraction `q` of the sample, seconds (0 without timings).
        public func percentile(_ q: Double) -> Double { Percentiles(perHeader).at(q) ?? 0 }

        /// Human-readable summary.
        public var text: String {
            var lines = [
                failure == nil
                    ? "OK: verified \(verifiedHeight) headers from genesis" : "FAILED after verifying \(verifiedHeight) headers",
                "rotations verified: \(rotations)",
                String(format: "time: %.3f s with commit signatures batched", total),
            ]
            lines.append(pohLine)
            if anchorsHeld > 0 {
                lines.append(
                    "anchors: \(anchorsHeld) confirmed held; \(anchorsMatched) matched a verified header; "
                        + "anchored to height \(anchoredHeight)")
                if shortOfAnchor {
                    lines.append(
                        "WARNING: an anchor confirms height \(highestAnchor) but the chain ends at \(verifiedHeight): "
                            + "headers past \(anchoredHeight) are not anchored, and the source has not served all it finalized")
                }
            }
            if !perHeader.isEmpty {
                lines.append(
                    String(
                        format: "one header at a time: %.3f s, per header p50 %.3f ms, p95 %.3f ms", sequentialTotal,
                        percentile(0.5) * 1e3, percentile(0.95) * 1e3))
            }
            if let failure { lines.append("error (\(failure.kind)): \(failure.description)") }
            if let claimedHeight {
                lines.append(
                    shortOfClaim
                        ? "FAILED: the node claims height \(claimedHeight) but served only \(verifiedHeight) headers"
                        : "the node claimed height \(claimedHeight); verified independently: \(verifiedHeight)")
            }
            return lines.joined(separator: "\n")
        }

        /// The mode's name (`full`, `sample`, `off`).
        public var pohMode: String {
            switch poh {
            case .full: return "full"
            case .sample: return "sample"
            case .off: return "off"
            }
        }

        /// One line on the tick-list replay.
        var pohLine: String {
            var line =
                "proof of history (\(pohMode)): replayed \(pohStats.replayed) of \(pohStats.records) tick records, "
                + "\(pohStats.hashes) sequential hashes"
            if case .sample(let fraction, let seed) = poh {
                line += String(
                    format: "; fraction %.2f, seed %llu: a single bad tick record in a header is caught with probability %.3f",
                    fraction, seed, pohStats.detectionProbability)
            }
            return line
        }

        /// JSON summary.
        public var json: String { ToolJSON.object(jsonFields) }

        /// The JSON summary's fields.
        public var jsonFields: [(String, CBOR)] {
            var fields: [(String, CBOR)] = [
                ("ok", .bool(failure == nil)), ("verifiedHeight", .unsigned(verifiedHeight)),
                ("entries", .unsigned(UInt64(entries))),
                ("rotations", .unsigned(UInt64(rotations))), ("totalMs", .unsigned(UInt64(total * 1e3))),
            ]
            if !perHeader.isEmpty {
                fields += [
                    ("sequentialMs", .unsigned(UInt64(sequentialTotal * 1e3))),
                    ("p50Us", .unsigned(UInt64(percentile(0.5) * 1e6))), ("p95Us", .unsigned(UInt64(percentile(0.95) * 1e6))),
                ]
            }
            fields += [
                ("poh", .text(pohMode)), ("pohRecords", .unsigned(UInt64(pohStats.records))),
                ("pohReplayed", .unsigned(UInt64(pohStats.replayed))), ("pohHashes", .unsigned(pohStats.hashes)),
                ("pohDetectionPermille", .unsigned(UInt64((pohStats.detectionProbability * 1000).rounded()))),
            ]
            if let claimedHeight {
                fields += [("claimedHeight", .unsigned(claimedHeight)), ("shortOfClaim", .bool(shortOfClaim))]
            }
            if anchorsHeld > 0 {
                fields += [
                    ("anchorsHeld", .unsigned(UInt64(anchorsHeld))), ("anchorsMatched", .unsigned(UInt64(anchorsMatched))),
                    ("anchoredHeight", .unsigned(anchoredHeight)), ("shortOfAnchor", .bool(shortOfAnchor)),
                ]
            }
            if let failure {
                fields += [
                    ("failure", .text(failure.kind)), ("failureHeight", .unsigned(failure.height)),
                    ("message", .text(failure.description)),
                ]
            }
            return fields
        }
    }

    /// Reads `genesis.json` and `chain.cbor`.
    public static func load(genesisPath: String, chainPath: String) throws(ToolError) -> (Genesis, ChainFile) {
        guard let genesisData = FileManager.default.contents(atPath: genesisPath) else { throw .io("cannot read \(genesisPath)") }
        let genesis: Genesis
        do {
            genesis = try Genesis(json: genesisData)
        } catch {
            throw .badInput("\(genesisPath): \(error.description)")
        }
        let bytes = try InputReader.readAll(path: chainPath)
        do {
            return (genesis, try ChainFile(canonicalBytes: bytes, limits: CBORDecodingLimits(maxDepth: 64, maxLength: 1 << 30)))
        } catch {
            throw .badInput("\(chainPath): \(error)")
        }
    }

    /// Verifies every entry from genesis, once, with commit signatures batched, and stops at the
    /// first failure. With `timings`, a second pass one header at a time measures per-header
    /// latency (`lc-verify --timings`, `bpi bench`); the verdict is always the first pass's.
    /// With `anchors`, a header at an anchored height must be the anchored one (§18.7).
    public static func verify(
        genesis: Genesis, chain: ChainFile, timings: Bool = false, poh: PoHReplay = .full, anchors: AnchorBook = .empty
    ) throws(ToolError) -> Report {
        var fresh: LightClient
        do {
            fresh = try LightClient(genesis: genesis)
        } catch {
            throw .badInput("genesis: \(error)")
        }
        fresh.anchors = anchors
        return verify(from: fresh, chain: chain, timings: timings, poh: poh)
    }

    /// Verifies `chain` (the entries after `fresh`'s height) starting from `fresh` — a client at
    /// genesis, or at a trusted checkpoint.
    public static func verify(from fresh: LightClient, chain: ChainFile, timings: Bool = false, poh: PoHReplay = .full) -> Report
    {
        var fresh = fresh
        fresh.pohReplay = poh
        var client = fresh
        let start = Stopwatch.now()
        var failure: LightClientError?
        do {
            try client.verify(contentsOf: chain.entries)
        } catch {
            failure = error
        }
        let total = Double(Stopwatch.now() - start) / 1e9
        var times: [Double] = []
        var sequentialTotal = 0.0
        if timings {
            var single = fresh
            let t = Stopwatch.now()
            for entry in chain.entries {
                let t0 = Stopwatch.now()
                guard (try? single.verify(entry)) != nil else { break }
                times.append(Double(Stopwatch.now() - t0) / 1e9)
            }
            sequentialTotal = Double(Stopwatch.now() - t) / 1e9
        }
        var report = Report(
            verifiedHeight: client.height, entries: chain.entries.count, rotations: client.rotations, failure: failure,
            perHeader: times,
            total: total, sequentialTotal: sequentialTotal, claimedHeight: nil)
        report.poh = poh
        report.pohStats = client.pohStats
        report.anchorsHeld = client.anchors.count
        report.anchorsMatched = client.anchorsMatched
        report.anchoredHeight = client.anchoredHeight
        report.highestAnchor = client.anchors.highest
        return report
    }

    /// Writes `genesis.json` and `chain.cbor` into `directory`.
    public static func write(genesis: Genesis, chain: ChainFile, to directory: String) throws(ToolError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try genesis.json().write(to: URL(fileURLWithPath: directory + "/genesis.json"))
            try Data(chain.canonicalBytes()).write(to: URL(fileURLWithPath: directory + "/chain.cbor"))
        } catch {
            throw .io("cannot write to \(directory): \(error.localizedDescription)")
        }
    }
}

extension LightClientTool {
    /// A receipt inclusion proof as `GET /v1/receipts/{id}/proof` answers it (and `bpi receipt
    /// prove` saves it).
    public struct ReceiptProofFile: Codable, Sendable {
        public var id: String
        public var height: UInt64
        public var index: Int
        public var count: Int
        public var siblings: [String]
        public var receiptsRoot: String?
        public var headerHash: String?
        public var receipt: String?
    }

    /// The receipt in `path`: canonical CBOR, or its hex (what the API and `bpi receipt` print).
    public static func readReceipt(_ path: String) throws(ToolError) -> Receipt {
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

    /// Reads a receipt (canonical CBOR or its hex) and a proof file.
    public static func loadReceipt(receiptPath: String, proofPath: String) throws(ToolError) -> (Receipt, MerkleProof, UInt64) {
        let receipt = try readReceipt(receiptPath)
        let file: ReceiptProofFile
        do {
            file = try JSONDecoder().decode(ReceiptProofFile.self, from: Data(try InputReader.readAll(path: proofPath)))
        } catch let error as ToolError {
            throw error
        } catch {
            throw .badInput("\(proofPath): not a receipt proof (bpi receipt prove writes one): \(error)")
        }
        let siblings = file.siblings.compactMap { Hash32(hex: $0) }
        guard siblings.count == file.siblings.count, file.index >= 0, file.count >= 1 else {
            throw .badInput("\(proofPath): siblings must be 64 hex digits each, index ≥ 0, count ≥ 1")
        }
        return (receipt, MerkleProof(index: UInt64(file.index), count: UInt64(file.count), siblings: siblings), file.height)
    }

    /// Verifies `chain` from `genesis` and returns the verified header at `height`, or why there is
    /// none (the chain fails, or does not reach that height): what every inclusion proof is checked against.
    public static func verifiedHeader(
        genesis: Genesis, chain: ChainFile, height: UInt64, poh: Replay = .full, anchors: AnchorBook = .empty
    ) throws(ToolError) -> (report: Report, header: Header?, refusal: String?) {
        let report = try verify(genesis: genesis, chain: chain, poh: poh, anchors: anchors)
        if let failure = report.failure { return (report, nil, "the chain does not verify: \(failure.description)") }
        guard height >= 1, height <= report.verifiedHeight,
            let entry = chain.entries.first(where: { $0.header.height == height })
        else {
            return (report, nil, "height \(height) is not among the verified headers (1…\(report.verifiedHeight))")
        }
        return (report, entry.header, nil)
    }

    /// Verifies `chain` from `genesis`, then the receipt's inclusion in the verified header at
    /// `height`. The chain report, and why the receipt is not shown included (nil when it is).
    public static func verifyReceipt(
        genesis: Genesis, chain: ChainFile, receipt: Receipt, proof: MerkleProof, height: UInt64, poh: Replay = .full,
        anchors: AnchorBook = .empty
    ) throws(ToolError) -> (Report, String?) {
        let (report, header, refusal) = try verifiedHeader(
            genesis: genesis, chain: chain, height: height, poh: poh, anchors: anchors)
        guard let header else { return (report, refusal) }
        do {
            try ReceiptInclusion.check(receipt, proof: proof, header: header)
            return (report, nil)
        } catch {
            return (report, error.description)
        }
    }
}
