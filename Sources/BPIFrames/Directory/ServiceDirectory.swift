import BPICodec
import BPICrypto
import BPIHash
import BPITypes

/// The service directory every validator derives from the finalized chain (docs/SPEC.md §12):
/// a service's first registration (sequence 0, signed by the key it registers) binds its name;
/// each later one must be the next sequence and be signed by both the new key (the frame) and the
/// current one (`previousSignature`). A block's registrations take effect for the next block, so
/// frames signed by a retiring key are accepted until the rotation is final and none after.
public struct ServiceDirectory: Sendable, Equatable {
    /// The services, by id.
    public private(set) var entries: [Hash32: ServiceEntry] = [:]

    /// An empty directory (the genesis state).
    public init() {}

    /// The entry of `id`.
    public subscript(id: Hash32) -> ServiceEntry? { entries[id] }

    /// Checks a registration frame against the directory; returns the registration.
    public func check(registration frame: Frame) throws(FrameError) -> ServiceRegistration {
        guard frame.header.kind == .registration else { throw .badRegistration("not a registration frame") }
        let registration: ServiceRegistration
        do {
            registration = try ServiceRegistration(canonicalBytes: frame.sealedPayload)
        } catch {
            throw .badRegistration("the payload is not a canonical registration: \(error)")
        }
        let id = registration.service.id
        guard frame.header.source == id, frame.header.destination == id else {
            throw .badRegistration("a registration is sent by the service it registers, to itself (src = dst = \(id))")
        }
        guard registration.sessionKey != [UInt8](repeating: 0, count: 32) else {
            throw .badRegistration("the session key is all zero")
        }
        guard frame.isSigned(by: registration.signingKey) else {
            throw .badRegistration("the frame is not signed by the signing key it registers")
        }
        if registration.service.uri.hasPrefix("spiffe://\(ServiceName.validatorTrustDomain)/") {
            // A validator's own service: named after its identity key, registered by that key, never rotated.
            guard registration.service.validatorIdentityKey == registration.signingKey.bytes, registration.sequence == 0 else {
                throw .badRegistration(
                    "\(registration.service) is reserved: only the validator identity key it names registers it, once")
            }
        }
        if let current = entries[id] {
            guard registration.sequence == current.sequence + 1 else {
                throw .badRegistration("sequence \(registration.sequence) is not the next one (\(current.sequence + 1))")
            }
            guard let previous = registration.previousSignature,
                current.signingKey.isValidSignature(previous, for: registration.signedMessage)
            else {
                throw .badRegistration("a rotation must also be signed by the service's current key")
            }
        } else {
            guard registration.sequence == 0, registration.previousSignature == nil else {
                throw .badRegistration("\(registration.service) is not registered yet: its first registration has sequence 0")
            }
        }
        return registration
    }

    /// Records a checked registration finalized at `height`.
    public mutating func apply(_ registration: ServiceRegistration, height: UInt64) {
        entries[registration.service.id] = ServiceEntry(
            name: registration.service, signingKey: registration.signingKey, sessionKey: registration.sessionKey,
            sequence: registration.sequence, height: height)
    }
}
