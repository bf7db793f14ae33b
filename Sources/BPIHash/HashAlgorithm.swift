import Crypto

/// The protocol's two hash functions, each usable plain or domain-separated.
public enum HashAlgorithm: String, CaseIterable, Sendable {
    /// BLAKE3-256, the default.
    case blake3
    /// SHA-256 (FIPS 180-4) through swift-crypto, for interoperability with external chains.
    case sha256

    /// `H(bytes)`, or `H(tag ‖ bytes)` when a tag is given.
    public func hash(_ bytes: [UInt8], tag: DomainTag? = nil) -> Hash32 {
        bytes.withUnsafeBytes { hash($0, tag: tag) }
    }

    /// `H(bytes)`, or `H(tag ‖ bytes)` when a tag is given.
    public func hash(_ bytes: UnsafeRawBufferPointer, tag: DomainTag? = nil) -> Hash32 {
        var streaming = StreamingHash(self)
        if let tag { streaming.update([tag.rawValue]) }
        streaming.update(bytes)
        return streaming.finalize()
    }
}

/// An incremental hash of either algorithm, for inputs read in pieces (files, stdin).
public struct StreamingHash: Sendable {
    private enum State: Sendable {
        case blake3(BLAKE3)
        case sha256(Crypto.SHA256)
    }
    private var state: State

    /// Starts an empty hash.
    public init(_ algorithm: HashAlgorithm) {
        switch algorithm {
        case .blake3: state = .blake3(BLAKE3())
        case .sha256: state = .sha256(Crypto.SHA256())
        }
    }

    /// Absorbs more bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        switch state {
        case .blake3(var h):
            h.update(bytes)
            state = .blake3(h)
        case .sha256(var h):
            h.update(bufferPointer: bytes)
            state = .sha256(h)
        }
    }

    /// Absorbs more bytes.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The 32-byte digest.
    public func finalize() -> Hash32 {
        switch state {
        case .blake3(let h): return h.finalize()
        case .sha256(let h): return Hash32(Array(h.finalize()))!
        }
    }
}
