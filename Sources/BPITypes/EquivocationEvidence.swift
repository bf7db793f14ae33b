import BPICodec
import BPICrypto

/// Proof that one validator signed two conflicting messages of the same kind for the same
/// height and round (docs/SPEC.md §7.5). Self-contained: a light client checks it with the
/// validator set alone.
public struct EquivocationEvidence: Sendable, Equatable {
    /// The first message.
    public var first: ConsensusMessage
    /// The conflicting second message.
    public var second: ConsensusMessage

    /// Creates evidence (not yet verified).
    public init(first: ConsensusMessage, second: ConsensusMessage) {
        self.first = first
        self.second = second
    }

    /// Checks that this is real evidence against a validator of `set` on `chainID`: same sender,
    /// kind, chain, height and round; different values (or payloads); both signatures valid.
    /// Returns the offender's index.
    public func verify(set: ValidatorSet, chainID: String) throws(TypesError) -> Int {
        let a = first
        let b = second
        guard a.chainID == chainID, b.chainID == chainID else { throw .invalid("evidence is for another chain") }
        guard a.sender == b.sender else { throw .invalid("the two messages have different senders") }
        guard a.kind == b.kind else { throw .invalid("the two messages are of different kinds") }
        guard a.height == b.height, a.round == b.round else {
            throw .invalid("the two messages are for different heights or rounds")
        }
        guard a.value != b.value || a.payload != b.payload else { throw .invalid("the two messages do not conflict") }
        guard a.sender < UInt64(set.count) else { throw .invalid("sender \(a.sender) is not in the set") }
        let index = Int(a.sender)
        guard let key = set.identityKeys[index] else {
            throw .invalid("validator \(index) has an invalid key")
        }
        guard a.isSigned(by: key), b.isSigned(by: key) else { throw .invalid("a signature does not verify") }
        return index
    }
}

extension EquivocationEvidence: CBORCodable {
    /// `[first, second]`.
    public var cborFields: [CBOR] { [first.cbor, second.cbor] }

    /// Decodes both messages.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        first = try f.next("first", as: ConsensusMessage.self)
        second = try f.next("second", as: ConsensusMessage.self)
    }
}
