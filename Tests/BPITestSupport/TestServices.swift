import BPICrypto
import BPIFrames
import BPIHash
import BPITypes

/// Simulated services for tests (deterministic for a seed): their registrations and valid frame
/// sequences between them, as a node's frame rules (docs/SPEC.md §12.1) expect them.
public struct TestServices: Sendable {
    /// One sender per service.
    public var senders: [FrameSender]

    /// `count` services named `spiffe://bpi.test/svc/<i>`.
    public init(count: Int = 2, seed: UInt64 = 1) {
        senders = (0..<count).map { i in
            let material = { (kind: String) in
                BLAKE3.deriveKey(context: "metanode test services \(kind)", material: Array("\(seed)/\(i)".utf8))
            }
            let identity = try! ServiceIdentity(
                name: try! ServiceName("spiffe://bpi.test/svc/\(i)"), signingSeed: material("ed25519"),
                sessionSecret: material("x25519"))
            return FrameSender(identity: identity)
        }
    }

    /// The first tick of a chain (height 0: the genesis hash).
    public static func genesisTick(_ genesisHash: Hash32) -> TickRef { TickRef(height: 0, tickIndex: 0, tickHash: genesisHash) }

    /// Service `i`'s id.
    public func id(_ i: Int) -> Hash32 { senders[i].identity.id }

    /// Every service's first registration.
    public mutating func registrations(tick: TickRef) -> [Frame] { senders.indices.map { senders[$0].register(tick: tick) } }

    /// `count` frames from service `from` to `to` with `bytes`-byte payloads (data frames whose
    /// payloads no session sealed: validators cannot tell, and need not).
    public mutating func frames(_ count: Int, from: Int = 0, to: Int = 1, bytes: Int = 100, tick: TickRef) -> [Frame] {
        let destination = id(to)
        return (0..<count).map { k in
            senders[from].frame(
                to: destination, kind: .data, payload: [UInt8](repeating: UInt8(truncatingIfNeeded: k), count: bytes), tick: tick)
        }
    }
}
