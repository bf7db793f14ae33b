/// What `GET /v1/payloads/{id}` answers: where a payload was finalized, with its Merkle inclusion
/// proof against that header's `framesRoot` (check it with the light client's verified header),
/// or that it is still pending.
struct PayloadLocationView: Codable, Sendable {
    /// The payload id (its Merkle leaf hash), hex.
    var id: String
    /// `finalized` or `pending`.
    var status: String
    /// Where it was finalized (absent while pending).
    var height: UInt64?
    var index: Int?
    /// Payloads in that block (the proof's leaf count).
    var count: Int?
    /// Sibling hashes from the leaf up, hex.
    var siblings: [String]?
    /// The header's frames_root the proof leads to, hex.
    var framesRoot: String?
    /// The header's hash, hex.
    var headerHash: String?
    /// The payload, hex.
    var payload: String?
}
