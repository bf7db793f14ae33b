import BPICodec

/// What validators send each other over their Noise channels (docs/SPEC.md §9.2): one canonical
/// CBOR item `[type, body]` per application message.
public enum WireMessage: Sendable, Equatable {
    /// An IBFT message.
    case consensus(ConsensusMessage)
    /// The block behind a PRE-PREPARE's value, sent with it.
    case proposal(Block)
    /// The sender's latest finalized height (sent periodically; drives sync).
    case status(height: UInt64)
    /// Asks for finalized blocks `from…from+count-1`.
    case syncRequest(from: UInt64, count: UInt64)
    /// Finalized blocks in height order, answering a sync request.
    case syncResponse([FinalizedBlock])
    /// A frame submitted to the sender, gossiped so any proposer can include it.
    case frame(Frame)

    /// Most blocks one sync response may carry.
    public static let maxSyncBlocks: UInt64 = 64
    /// Largest encoded message accepted (16 MiB).
    public static let maxEncodedBytes = 16 << 20

    private var type: UInt64 {
        switch self {
        case .consensus: return 0
        case .proposal: return 1
        case .status: return 2
        case .syncRequest: return 3
        case .syncResponse: return 4
        case .frame: return 5
        }
    }

    private var body: CBOR {
        switch self {
        case .consensus(let m): return m.cbor
        case .proposal(let b): return b.cbor
        case .status(let h): return .unsigned(h)
        case .syncRequest(let from, let count): return .array([.unsigned(from), .unsigned(count)])
        case .syncResponse(let blocks): return .array(blocks.map(\.cbor))
        case .frame(let f): return f.cbor
        }
    }

    /// The canonical encoding.
    public func encoded() -> [UInt8] { (try? CBOREncoder.encode(.array([.unsigned(type), body]))) ?? [] }

    /// Decodes one message strictly (canonical CBOR, known type, well-formed body).
    public init(encoded bytes: [UInt8]) throws(CBORError) {
        guard bytes.count <= Self.maxEncodedBytes else { throw .schema("WireMessage: larger than 16 MiB") }
        let item = try CBORDecoder.decode(bytes)
        guard case .array(let parts) = item, parts.count == 2, case .unsigned(let type) = parts[0] else {
            throw .schema("WireMessage: expected [type, body]")
        }
        let body = parts[1]
        switch type {
        case 0: self = .consensus(try ConsensusMessage(cbor: body))
        case 1: self = .proposal(try Block(cbor: body))
        case 2:
            guard case .unsigned(let h) = body else { throw .schema("WireMessage.status: expected a height") }
            self = .status(height: h)
        case 3:
            guard case .array(let a) = body, a.count == 2, case .unsigned(let from) = a[0], case .unsigned(let count) = a[1],
                from >= 1, (1...Self.maxSyncBlocks).contains(count)
            else { throw .schema("WireMessage.syncRequest: expected [from ≥ 1, count 1…\(Self.maxSyncBlocks)]") }
            self = .syncRequest(from: from, count: count)
        case 4:
            guard case .array(let items) = body, items.count <= Int(Self.maxSyncBlocks) else {
                throw .schema("WireMessage.syncResponse: expected at most \(Self.maxSyncBlocks) blocks")
            }
            var blocks: [FinalizedBlock] = []
            for item in items { blocks.append(try FinalizedBlock(cbor: item)) }
            self = .syncResponse(blocks)
        case 5:
            self = .frame(try Frame(cbor: body))
        default: throw .schema("WireMessage: unknown type \(type)")
        }
    }
}
