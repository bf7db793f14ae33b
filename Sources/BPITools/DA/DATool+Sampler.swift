import BPICodec
import BPIHash
import BPINode
import BPIToolKit
import BPITypes
import Foundation

/// `bpi da sampler` (docs/SPEC.md §15.4, §15.8): a validator's sampling sidecar. It follows the
/// finalized chain, and for every object a block commits it draws that validator's schedule from
/// the committing header's VRF output, reads the shards from a pinner, checks each to a header
/// verified from the genesis and, as a registered service, challenges the storer for every shard
/// that fails.
extension DATool {
    /// What the sampler did.
    public struct SamplerReport: Codable, Sendable {
        /// The heights it went through.
        public var fromHeight: UInt64
        public var throughHeight: UInt64
        /// One report per committed object, in chain order.
        public var objects: [SampleReport]
        /// Objects whose sampling could not run (the chain or the proof did not verify, the node did
        /// not answer), with why.
        public var errors: [String]
    }

    /// Samples every object committed from `from` on. With `once` it stops at the latest height;
    /// otherwise it polls every `pollMilliseconds` until `interrupt` is set.
    public static func sampler(
        rpc: RPCClient, pinner: RPCClient, validator: Int, genesisPath: String?, perChunk: Int?, challenger: Challenger?,
        from: UInt64, once: Bool, pollMilliseconds: Int, interrupt: InterruptSignal?, log: @Sendable (String) -> Void
    ) async throws(ToolError) -> SamplerReport {
        var report = SamplerReport(fromHeight: max(1, from), throughHeight: 0, objects: [], errors: [])
        var next = max(1, from)
        while interrupt?.isSet != true {
            let latest = try await rpc.getJSON("/v1/status", as: NodeStatus.self).height
            while next <= latest, interrupt?.isSet != true {
                struct Page: Decodable { var frames: [FrameView] }
                let page = try await rpc.getJSON("/v1/blocks/\(next)/frames", as: Page.self)
                for view in page.frames where view.kind == FrameKind.daCommit.description {
                    guard let frame = try? Frame(canonicalBytes: Hex.decode(view.frame)),
                        let object = try? DAObject(canonicalBytes: frame.sealedPayload)
                    else { continue }
                    do {
                        var sampled = try await sample(
                            rpc: rpc, pinner: pinner, id: object.id.hex, validator: validator, genesisPath: genesisPath,
                            perChunk: perChunk)
                        if let challenger, !sampled.failedPositions.isEmpty {
                            await challengeFailures(&sampled, rpc: rpc, as: challenger)
                        }
                        log(
                            "height \(next): object \(object.id.hex.prefix(16))… \(sampled.intact)/\(sampled.sampled) intact"
                                + (sampled.failed.isEmpty ? "" : "; FAILED \(sampled.failedPositions.map(\.description))")
                                + (sampled.challenges.map { "; \($0.joined(separator: "; "))" } ?? ""))
                        report.objects.append(sampled)
                    } catch {
                        report.errors.append("height \(next), object \(object.id): \(error)")
                        log("height \(next): object \(object.id.hex.prefix(16))… not sampled: \(error)")
                    }
                }
                report.throughHeight = next
                next += 1
            }
            if once { break }
            try? await Task.sleep(for: .milliseconds(pollMilliseconds))
        }
        return report
    }
}
