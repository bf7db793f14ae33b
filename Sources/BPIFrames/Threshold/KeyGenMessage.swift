import BPICodec
import BPIThreshold

/// The payload of a `keygen` frame (docs/SPEC.md §16.5): one key-generation message for the key
/// of `keyEpoch`, from the validator whose identity key signs the frame.
public struct KeyGenMessage: Sendable, Equatable {
    /// The message itself.
    public enum Body: Sendable, Equatable {
        case dealing(DKGDealing)
        case complaint(DKGComplaint)
        case justification(DKGJustification)

        /// The phase it belongs to.
        public var phase: KeyGenPhase {
            switch self {
            case .dealing: return .dealing
            case .complaint: return .complaint
            case .justification: return .justification
            }
        }

        /// The participant that must send it (dealer, complainer, dealer).
        public var author: UInt32 {
            switch self {
            case .dealing(let d): return d.dealer
            case .complaint(let c): return c.complainer
            case .justification(let j): return j.dealer
            }
        }
    }

    /// The key epoch the message generates a key for.
    public var keyEpoch: UInt64
    /// The message.
    public var body: Body

    /// Creates a message.
    public init(keyEpoch: UInt64, body: Body) {
        self.keyEpoch = keyEpoch
        self.body = body
    }
}

extension DKGTranscript {
    /// Records one key-generation message, whichever phase it belongs to (throws as `add` does).
    public mutating func add(_ body: KeyGenMessage.Body) throws(ThresholdError) {
        switch body {
        case .dealing(let d): try add(d)
        case .complaint(let c): try add(c)
        case .justification(let j): try add(j)
        }
    }
}

extension KeyGenMessage: CBORCodable {
    /// `[1, keyEpoch, phase (0 dealing, 1 complaint, 2 justification), message]`.
    public var cborFields: [CBOR] {
        let inner: CBOR
        switch body {
        case .dealing(let d): inner = d.cbor
        case .complaint(let c): inner = c.cbor
        case .justification(let j): inner = j.cbor
        }
        return [.unsigned(1), .unsigned(keyEpoch), .unsigned(body.phase.rawValue), inner]
    }

    /// Decodes.
    public init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        guard try f.nextUInt("version") == 1 else { throw .schema("KeyGenMessage.version: only version 1 is defined") }
        keyEpoch = try f.nextUInt("keyEpoch")
        guard keyEpoch >= 1 else { throw .schema("KeyGenMessage.keyEpoch: epoch 0 has no key") }
        switch try f.nextUInt("phase") {
        case 0: body = .dealing(try f.next("message", as: DKGDealing.self))
        case 1: body = .complaint(try f.next("message", as: DKGComplaint.self))
        case 2: body = .justification(try f.next("message", as: DKGJustification.self))
        case let p: throw .schema("KeyGenMessage.phase: \(p) is not 0, 1 or 2")
        }
    }
}
