import BPICodec
import BPIHash

/// One value of a run's witness log (docs/SPEC.md §13.4): `[kind, label, data]`. The log holds the
/// module, every input file and every clock reading and random byte the cage supplied, in the order
/// supplied; its root is the count-bound Merkle root over the canonical entries.
public struct WitnessEntry: Sendable, Equatable, Hashable {
    /// What the entry holds.
    public var kind: WitnessKind
    /// A file's name, a clock id, or empty.
    public var label: String
    /// The value.
    public var data: [UInt8]

    /// An entry.
    public init(kind: WitnessKind, label: String = "", data: [UInt8]) {
        self.kind = kind
        self.label = label
        self.data = data
    }

    /// The witness root of `entries`.
    public static func root(_ entries: [WitnessEntry]) -> Hash32 {
        Merkle.root(leaves: entries.map { $0.canonicalBytes() })
    }
}

extension WitnessEntry: CBORCodable {
    /// `[kind, label, data]`.
    public var cborFields: [CBOR] { [.unsigned(kind.rawValue), .text(label), .bytes(data)] }

    /// Decodes an entry.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        let k = try f.nextUInt("kind")
        guard let kind = WitnessKind(rawValue: k) else { throw .schema("WitnessEntry.kind: unknown kind \(k)") }
        self.kind = kind
        label = try f.nextText("label")
        data = try f.nextBytes("data")
    }
}
