import BPICodec
import BPIHash
import Foundation

/// The genesis document (`genesis.json`): chain id, start time, the first validator set and the
/// chain's Proof-of-History parameters. Its hash is the `prevHash` of height 1 and the first seed
/// of the proposer-selection chain.
public struct Genesis: Sendable, Equatable {
    /// The chain's id.
    public var chainID: String
    /// Milliseconds since the Unix epoch.
    public var genesisTime: UInt64
    /// The validators of height 1.
    public var validatorSet: ValidatorSet
    /// Sequential steps per clock tick and clock ticks per block (SPEC §11.2).
    public var poh: PoHParameters
    /// How many validators publish inclusion lists for each block (docs/SPEC.md §17.1): all of
    /// them on a set this small or smaller, otherwise this many chosen by the VRF seed.
    public var inclusionCommitteeSize: UInt64

    /// The inclusion committee size of a genesis that does not name one.
    public static let standardInclusionCommitteeSize: UInt64 = 16

    /// Creates a genesis.
    public init(
        chainID: String, genesisTime: UInt64, validatorSet: ValidatorSet, poh: PoHParameters = .standard,
        inclusionCommitteeSize: UInt64 = Genesis.standardInclusionCommitteeSize
    ) {
        self.inclusionCommitteeSize = inclusionCommitteeSize
        self.chainID = chainID
        self.genesisTime = genesisTime
        self.validatorSet = validatorSet
        self.poh = poh
    }

    /// `H(0x13 ‖ canonical([chainID, genesisTime, validatorSet]))`, with a fourth item
    /// `[hashesPerTick, ticksPerBlock]` when the PoH parameters are not the standard ones (so a
    /// chain's parameters are bound to its genesis hash, and standard chains keep theirs), and a
    /// fifth, the inclusion committee size, when that is not the standard one (the fourth is then
    /// always present).
    public var hash: Hash32 {
        var items: [CBOR] = [.text(chainID), .unsigned(genesisTime), validatorSet.cbor]
        let standardCommittee = inclusionCommitteeSize == Self.standardInclusionCommitteeSize
        if poh != .standard || !standardCommittee {
            items.append(.array([.unsigned(poh.hashesPerTick), .unsigned(poh.ticksPerBlock)]))
        }
        if !standardCommittee { items.append(.unsigned(inclusionCommitteeSize)) }
        return HashAlgorithm.blake3.hash((try? CBOREncoder.encode(.array(items))) ?? [], tag: .genesis)
    }

    private struct JSONForm: Codable {
        struct PoH: Codable {
            var hashesPerTick: UInt64
            var ticksPerBlock: UInt64
        }
        var chainID: String
        var genesisTime: UInt64
        var validators: [ValidatorInfo.JSONForm]
        /// Absent for the standard parameters.
        var poh: PoH?
        /// Absent for the standard size.
        var inclusionCommitteeSize: UInt64?
    }

    /// The JSON form (keys and proofs in hex).
    public func json() -> Data {
        let form = JSONForm(
            chainID: chainID, genesisTime: genesisTime,
            validators: validatorSet.validators.map(\.jsonForm),
            poh: poh == .standard ? nil : .init(hashesPerTick: poh.hashesPerTick, ticksPerBlock: poh.ticksPerBlock),
            inclusionCommitteeSize: inclusionCommitteeSize == Self.standardInclusionCommitteeSize ? nil : inclusionCommitteeSize)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(form)) ?? Data()
    }

    /// Parses `genesis.json`.
    public init(json: Data) throws(TypesError) {
        let form: JSONForm
        do {
            form = try JSONDecoder().decode(JSONForm.self, from: json)
        } catch {
            throw .invalid(Self.numberProblem(in: json) ?? JSONProblem.describe(error))
        }
        var validators: [ValidatorInfo] = []
        for (i, v) in form.validators.enumerated() {
            validators.append(try ValidatorInfo(json: v, what: "validators[\(i)]"))
        }
        var poh = PoHParameters.standard
        if let p = form.poh {
            poh = PoHParameters(hashesPerTick: p.hashesPerTick, ticksPerBlock: p.ticksPerBlock)
            if let problem = poh.problem { throw .invalid("poh: \(problem)") }
        }
        let committee = form.inclusionCommitteeSize ?? Self.standardInclusionCommitteeSize
        guard committee >= 1, committee <= 1_024 else {
            throw .invalid("inclusionCommitteeSize must be 1…1024 validators; got \(committee)")
        }
        self.init(
            chainID: form.chainID, genesisTime: form.genesisTime, validatorSet: try ValidatorSet(validators), poh: poh,
            inclusionCommitteeSize: committee)
    }

    /// The integer field that is negative, fractional or too large, if one is. (Foundation's
    /// decoder on Linux reports such a number as "not valid JSON", without saying where.)
    static func numberProblem(in json: Data) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else { return nil }
        func isWhole(_ value: Any) -> Bool { UInt64("\(value)") != nil }
        if let time = object["genesisTime"], !isWhole(time) {
            return "genesisTime must be a whole number of milliseconds since 1970 (0…18446744073709551615); got \(time)"
        }
        for (i, item) in ((object["validators"] as? [Any]) ?? []).enumerated() {
            if let power = (item as? [String: Any])?["votingPower"], !isWhole(power) {
                return "validators[\(i)].votingPower must be a whole number from 1 to 2^62 − 1; got \(power)"
            }
        }
        return nil
    }
}
