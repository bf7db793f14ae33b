import BPICodec

/// What a poster must not forget across a restart (§18.6): the next nonce, the anchors queued and
/// in flight, the highest height queued (so nothing is queued twice or skipped), and the recent
/// confirmed anchors. Saved before every transaction leaves.
public struct AnchorState: Sendable, Equatable, CBORCodable {
    /// The nonce of the next new anchor transaction; nil until read from the L1 once.
    public internal(set) var nextNonce: UInt64?
    /// Requests not sent yet, by height.
    public internal(set) var queued: [AnchorRequest]
    /// Sent, not confirmed, by nonce.
    public internal(set) var pending: [PendingAnchor]
    /// The highest height ever queued (0: none).
    public internal(set) var lastQueuedHeight: UInt64
    /// The last `keepConfirmed` confirmed anchors, oldest first.
    public internal(set) var confirmed: [ConfirmedAnchor]
    /// Counters since the state was created: re-priced sends, sends the fee cap held back, reorg re-sends.
    public internal(set) var bumps: UInt64
    public internal(set) var feeCapBlocks: UInt64
    public internal(set) var reposts: UInt64

    /// How many confirmed anchors the state keeps.
    public static let keepConfirmed = 256

    public init() {
        nextNonce = nil
        queued = []
        pending = []
        lastQueuedHeight = 0
        confirmed = []
        bumps = 0
        feeCapBlocks = 0
        reposts = 0
    }

    public var cborFields: [CBOR] {
        [
            .unsigned(1), nextNonce.map { .unsigned($0) } ?? .null, .array(queued.map(\.cbor)), .array(pending.map(\.cbor)),
            .unsigned(lastQueuedHeight), .array(confirmed.map(\.cbor)), .unsigned(bumps), .unsigned(feeCapBlocks),
            .unsigned(reposts),
        ]
    }

    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("AnchorState.version: only version 1 is defined") }
        let n = try f.next("nextNonce")
        if case .unsigned(let v) = n {
            nextNonce = v
        } else if n == .null {
            nextNonce = nil
        } else {
            throw .schema("AnchorState.nextNonce: not an integer or null")
        }
        queued = try f.nextArray("queued", of: AnchorRequest.self)
        pending = try f.nextArray("pending", of: PendingAnchor.self)
        lastQueuedHeight = try f.nextUInt("lastQueuedHeight")
        confirmed = try f.nextArray("confirmed", of: ConfirmedAnchor.self)
        bumps = try f.nextUInt("bumps")
        feeCapBlocks = try f.nextUInt("feeCapBlocks")
        reposts = try f.nextUInt("reposts")
    }
}
