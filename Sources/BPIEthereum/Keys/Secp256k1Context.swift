import CSecp256k1

/// The one libsecp256k1 context of the process, created and blinded once. libsecp256k1 allows a
/// context to be shared by threads for signing and verification once it is set up.
final class Secp256k1Context: @unchecked Sendable {
    static let shared = Secp256k1Context()
    let pointer: OpaquePointer

    private init() {
        // SECP256K1_CONTEXT_NONE: the flags only mattered before libsecp256k1 0.2.
        pointer = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
        var seed = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in seed.indices { seed[i] = rng.next() }
        _ = secp256k1_context_randomize(pointer, seed)
    }
}
