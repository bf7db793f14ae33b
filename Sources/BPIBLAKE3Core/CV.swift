/// A chaining value: eight little-endian words, the output of every non-root node and the key.
@frozen
public struct CV: Equatable, Sendable {
    public var w0, w1, w2, w3, w4, w5, w6, w7: UInt32

    /// Creates a chaining value from its eight words.
    @inlinable @inline(__always)
    public init(_ w0: UInt32, _ w1: UInt32, _ w2: UInt32, _ w3: UInt32, _ w4: UInt32, _ w5: UInt32, _ w6: UInt32, _ w7: UInt32) {
        (self.w0, self.w1, self.w2, self.w3, self.w4, self.w5, self.w6, self.w7) = (w0, w1, w2, w3, w4, w5, w6, w7)
    }

    /// Reads eight little-endian words from 32 bytes.
    @inlinable
    public init(bytes p: UnsafeRawPointer) {
        func w(_ i: Int) -> UInt32 { UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)) }
        self.init(w(0), w(1), w(2), w(3), w(4), w(5), w(6), w(7))
    }

    /// Reads a chaining value from 32 bytes (precondition: `bytes.count == 32`).
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "a BLAKE3 key or chaining value is 32 bytes")
        self = bytes.withUnsafeBytes { CV(bytes: $0.baseAddress!) }
    }

    /// Writes the eight words little-endian to 32 bytes at `p`.
    @inlinable
    public func store(to p: UnsafeMutableRawPointer) {
        p.storeBytes(of: w0.littleEndian, toByteOffset: 0, as: UInt32.self)
        p.storeBytes(of: w1.littleEndian, toByteOffset: 4, as: UInt32.self)
        p.storeBytes(of: w2.littleEndian, toByteOffset: 8, as: UInt32.self)
        p.storeBytes(of: w3.littleEndian, toByteOffset: 12, as: UInt32.self)
        p.storeBytes(of: w4.littleEndian, toByteOffset: 16, as: UInt32.self)
        p.storeBytes(of: w5.littleEndian, toByteOffset: 20, as: UInt32.self)
        p.storeBytes(of: w6.littleEndian, toByteOffset: 24, as: UInt32.self)
        p.storeBytes(of: w7.littleEndian, toByteOffset: 28, as: UInt32.self)
    }

    /// The 32 bytes of the chaining value.
    public var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { buf, n in
            store(to: UnsafeMutableRawPointer(buf.baseAddress!))
            n = 32
        }
    }
}
