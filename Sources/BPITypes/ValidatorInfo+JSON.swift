import BPICodec
import Foundation

extension ValidatorInfo {
    /// A validator entry as JSON (keys and proofs in hex): the form of `genesis.json`'s
    /// `validators`, of `validator.json` (written by `bpi init` for each validator) and of the
    /// set-change API (`POST /v1/validators/votes`).
    public struct JSONForm: Codable, Sendable, Equatable {
        public var identityKey, blsKey, blsProofOfPossession, vrfKey: String
        public var votingPower: UInt64
        public var metadata: String
    }

    /// The JSON form.
    public var jsonForm: JSONForm {
        JSONForm(
            identityKey: Hex.encode(identityKey), blsKey: Hex.encode(blsKey),
            blsProofOfPossession: Hex.encode(blsProofOfPossession), vrfKey: Hex.encode(vrfKey), votingPower: votingPower,
            metadata: metadata)
    }

    /// Parses the JSON form; `what` names the entry in errors (e.g. `validators[2]`).
    public init(json v: JSONForm, what: String) throws(TypesError) {
        func hex(_ s: String, _ n: Int, _ field: String) throws(TypesError) -> [UInt8] {
            guard let b = try? Hex.decode(s), b.count == n else { throw .invalid("\(what).\(field) must be \(n) bytes of hex") }
            return b
        }
        self.init(
            identityKey: try hex(v.identityKey, 32, "identityKey"), blsKey: try hex(v.blsKey, 96, "blsKey"),
            blsProofOfPossession: try hex(v.blsProofOfPossession, 48, "blsProofOfPossession"),
            vrfKey: try hex(v.vrfKey, 32, "vrfKey"), votingPower: v.votingPower, metadata: v.metadata)
    }
}
