import BPICodec
import BPIHash
import BPITypes

/// What one policy hook may read (docs/SPEC.md §14.3): the run header and inputs before the run;
/// after it also the CES root, output hash, outcome, exit code, fuel and outputs. `bytes` is the
/// canonical CBOR a hook reads with `context_read`; the files are read with `file_read`.
public struct PolicyContext: Sendable {
    /// The hook being called.
    public let hook: PolicyHook
    /// The run's header.
    public let header: RunHeader
    /// The inputs (file kind 0), sorted by name.
    public let inputs: [RunInput]
    /// The outputs (file kind 1: `stdout`, `stderr`, `out:NAME`), sorted by name; empty before the run.
    public let outputs: [RunInput]
    /// The run's record after it ran: nil before it.
    public let record: Receipt?
    /// The run's zero-knowledge claim (`ctx.zk`), already verified; nil when it carries none.
    public let zk: ZKClaim?

    /// The context of the pre hook of `job`.
    public init(pre job: RunJob) {
        hook = .pre
        header = job.header
        inputs = job.inputs
        outputs = []
        record = nil
        zk = job.claim
    }

    /// The context of the post hook of `job`, which gave `result`.
    public init(post job: RunJob, result: RunResult) {
        hook = .post
        header = job.header
        inputs = job.inputs
        outputs = result.outputs.named.sorted { RunFile.precedes($0.name, $1.name) }
        record = result.receipt
        zk = job.claim
    }

    /// `[1, hook, runHeader, [input…]]` before the run; `[1, hook, runHeader, [input…], [cesRoot,
    /// outputHash, outcome, exitCode, fuelUsed], [output…]]` after it; files as `RunFile`s. A run
    /// carrying a verified claim appends `ctx.zk = [system, keyIndex, [input…]]` as the last element.
    public var bytes: [UInt8] {
        var items: [CBOR] = [.unsigned(1), .unsigned(hook.rawValue), header.cbor, .array(inputs.map(\.file.cbor))]
        if let r = record {
            items.append(
                .array([
                    .bytes(r.cesRoot.bytes), .bytes(r.outputHash.bytes), .unsigned(r.outcome.rawValue), .unsigned(r.exitCode),
                    .unsigned(r.fuelUsed),
                ]))
            items.append(.array(outputs.map(\.file.cbor)))
        }
        if let zk {
            items.append(.array([.text(zk.system), .unsigned(zk.keyIndex), .array(zk.inputs.map { .bytes($0) })]))
        }
        // Integers, byte and text strings and arrays of them always encode.
        return (try? CBOREncoder.encode(.array(items))) ?? []
    }

    /// The files of `kind` (0 inputs, 1 outputs).
    func files(_ kind: UInt32) -> [RunInput]? {
        switch kind {
        case 0: return inputs
        case 1: return outputs
        default: return nil
        }
    }

    /// The 32-byte value `which` (0 agreementID, 1 moduleHash, 2 inputRoot, 3 seed, 4 cesRoot,
    /// 5 outputHash), or nil when it does not exist at this hook.
    func value(_ which: UInt32) -> Hash32? {
        switch which {
        case 0: return header.agreementID
        case 1: return header.moduleHash
        case 2: return header.inputRoot
        case 3: return header.seed
        case 4: return record?.cesRoot
        case 5: return record?.outputHash
        default: return nil
        }
    }
}
