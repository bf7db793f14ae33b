import BPICodec
import BPIHash
import BPITypes

/// A DockLock receipt as JSON (docs/SPEC.md §13.5): every field, hex for hashes, names for enums,
/// and the canonical bytes — what `bpi run` prints and `GET /v1/receipts/{id}` answers.
public struct ReceiptView: Codable, Sendable, Equatable {
    /// A run header as JSON.
    public struct RunHeaderView: Codable, Sendable, Equatable {
        public var id: String
        public var runtime: String
        public var agreementID: String
        public var moduleHash: String
        public var inputRoot: String
        public var seed: String
        public var timeMs: UInt64
        public var args: [String]
        public var env: [String]
        public var fuel: UInt64
        public var memoryPages: UInt64
        public var outputBytes: UInt64
    }

    /// A canonical event as JSON.
    public struct EventView: Codable, Sendable, Equatable {
        public var seq: UInt64
        public var kind: String
        public var dataHash: String
        public var value: UInt64
    }

    /// A policy verdict as JSON (docs/SPEC.md §14.2).
    public struct PolicyResultView: Codable, Sendable, Equatable {
        public var policy: String
        public var hook: String
        public var verdict: String
        public var reasonHash: String
        public var fuelUsed: UInt64
        /// The reason in words, when the caller has it (a local run).
        public var reason: String?
    }

    /// A zero-knowledge claim as JSON (docs/SPEC.md §14.8).
    public struct ClaimView: Codable, Sendable, Equatable {
        public var system: String
        public var keyIndex: UInt64
        /// The public inputs, hex.
        public var inputs: [String]
        public var proof: String
    }

    /// The receipt's id (its leaf under `receiptsRoot`).
    public var id: String
    public var runHeader: RunHeaderView
    public var engine: String
    public var cesRoot: String
    public var witnessRoot: String
    public var outputHash: String
    public var outcome: String
    public var exitCode: UInt64
    public var fuelUsed: UInt64
    public var eventCount: UInt64
    public var policyResults: [PolicyResultView]
    /// Whether every policy hook passed (true when no agreement governs the run).
    public var approved: Bool
    /// The zero-knowledge claim the run carried, verified under its agreement's key; absent when none.
    public var claim: ClaimView?
    /// The executor's svcIDHash, or null for an unsigned local receipt.
    public var executor: String?
    public var signature: String?
    /// The canonical receipt, hex.
    public var receipt: String
    /// The events, when the caller has them (a local run), else absent.
    public var events: [EventView]?
    /// The calls the cage refused, by name, when the caller has them.
    public var denied: [String]?
    /// Where the receipt is final: height, or absent.
    public var height: UInt64?

    /// The view of `receipt`, with its events when given.
    public init(
        _ receipt: Receipt, events: [RunEvent]? = nil, denied: [String]? = nil, reasons: [String]? = nil, height: UInt64? = nil
    ) {
        let canonical = receipt.canonicalBytes()
        self.init(
            receipt, canonical: canonical, id: Merkle.leafHash(canonical), events: events, denied: denied, reasons: reasons,
            height: height)
    }

    /// The view of `receipt` whose canonical bytes and id the caller already has (a registry page
    /// encodes each receipt once).
    public init(
        _ receipt: Receipt, canonical: [UInt8], id: Hash32, events: [RunEvent]? = nil, denied: [String]? = nil,
        reasons: [String]? = nil, height: UInt64? = nil
    ) {
        let h = receipt.runHeader
        self.id = id.hex
        runHeader = RunHeaderView(
            id: h.id.hex, runtime: h.runtime.description, agreementID: h.agreementID.hex, moduleHash: h.moduleHash.hex,
            inputRoot: h.inputRoot.hex, seed: h.seed.hex, timeMs: h.timeMs, args: h.args, env: h.env, fuel: h.limits.fuel,
            memoryPages: h.limits.memoryPages, outputBytes: h.limits.outputBytes)
        engine = receipt.engine
        cesRoot = receipt.cesRoot.hex
        witnessRoot = receipt.witnessRoot.hex
        outputHash = receipt.outputHash.hex
        outcome = receipt.outcome.description
        exitCode = receipt.exitCode
        fuelUsed = receipt.fuelUsed
        eventCount = receipt.eventCount
        policyResults = receipt.policyResults.enumerated().map { i, r in
            PolicyResultView(
                policy: r.policyHash.hex, hook: r.hook.description, verdict: r.verdict.name(at: r.hook),
                reasonHash: r.reasonHash.hex,
                fuelUsed: r.fuelUsed, reason: reasons.flatMap { i < $0.count ? $0[i] : nil })
        }
        approved = receipt.isApproved
        claim = receipt.claim.map {
            ClaimView(system: $0.system, keyIndex: $0.keyIndex, inputs: $0.inputs.map(Hex.encode), proof: Hex.encode($0.proof))
        }
        executor = receipt.isSigned ? receipt.executor.hex : nil
        signature = receipt.isSigned ? Hex.encode(receipt.signature) : nil
        self.receipt = Hex.encode(canonical)
        self.events = events.map {
            $0.map { EventView(seq: $0.seq, kind: $0.kind.description, dataHash: $0.dataHash.hex, value: $0.value) }
        }
        self.denied = denied
        self.height = height
    }
}
