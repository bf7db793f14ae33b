import BPILightClient
import BPIToolKit
import BPITypes

/// What evidence is checked against (docs/SPEC.md §18.9): a mesh's finalized headers and the
/// validator set signing each height, as a light client verified them from the genesis.
public struct FinalizedChain: Sendable {
    public let chainID: String
    private let headers: [UInt64: Header]
    private let sets: [UInt64: ValidatorSet]
    private let nextSet: ValidatorSet
    /// The last verified height.
    public let height: UInt64

    /// Verifies `entries` from `genesis` and keeps their headers and sets; refuses a chain that
    /// does not verify.
    public init(genesis: Genesis, entries: [ChainEntry]) throws(ToolError) {
        do {
            var client = try LightClient(genesis: genesis)
            try client.verify(contentsOf: entries)
        } catch {
            throw .verificationFailed("the chain does not verify from the genesis: \(error)")
        }
        self.init(unverified: genesis, entries: entries)
    }

    /// Keeps `entries` as given (a node's own view, when no genesis is trusted).
    init(unverified genesis: Genesis, entries: [ChainEntry]) {
        chainID = genesis.chainID
        var headers: [UInt64: Header] = [:]
        var sets: [UInt64: ValidatorSet] = [:]
        var set = genesis.validatorSet
        for entry in entries {
            headers[entry.header.height] = entry.header
            sets[entry.header.height] = set
            if let next = entry.nextValidatorSet { set = next }
        }
        self.headers = headers
        self.sets = sets
        nextSet = set
        height = entries.last?.header.height ?? 0
    }

    /// The finalized header at `h`.
    public func header(_ h: UInt64) -> Header? { headers[h] }

    /// The set signing height `h` (up to the height after the last).
    public func set(signing h: UInt64) -> ValidatorSet? { h == height + 1 ? nextSet : sets[h] }
}
