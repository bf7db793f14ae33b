/// Keccak-256 as Ethereum uses it: the Keccak sponge of the SHA-3 submission (rate 136 bytes,
/// capacity 512 bits) with Keccak's original padding `0x01 … 0x80`, not FIPS 202's `0x06`. It
/// hashes transactions, derives addresses and names event topics (docs/SPEC.md §18.1). No Debian
/// C library offers it, so it is written here and checked against the published empty-string and
/// "abc" digests and, on random inputs, against pycryptodome (`Tests/Oracles/ethereum_oracle.py`).
public struct Keccak256: Sendable {
    /// Bytes absorbed per permutation.
    public static let rate = 136
    /// Digest length in bytes.
    public static let digestCount = 32

    private var state = [UInt64](repeating: 0, count: 25)
    private var buffer: [UInt8] = []

    /// An empty sponge.
    public init() { buffer.reserveCapacity(Self.rate) }

    /// The digest of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var k = Keccak256()
        k.update(bytes)
        return k.finalize()
    }

    /// Absorbs more input.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        for b in bytes {
            buffer.append(b)
            if buffer.count == Self.rate { absorbBuffer() }
        }
    }

    /// Pads, squeezes and returns the 32-byte digest (the sponge is spent).
    public mutating func finalize() -> [UInt8] {
        var block = buffer
        block += [UInt8](repeating: 0, count: Self.rate - block.count)
        block[buffer.count] ^= 0x01
        block[Self.rate - 1] ^= 0x80
        buffer = block
        absorbBuffer()
        var out: [UInt8] = []
        out.reserveCapacity(Self.digestCount)
        for lane in state.prefix(4) {
            for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: lane >> (8 * UInt64(i)))) }
        }
        return out
    }

    private mutating func absorbBuffer() {
        for i in 0..<(Self.rate / 8) {
            var lane: UInt64 = 0
            for j in 0..<8 { lane |= UInt64(buffer[8 * i + j]) << (8 * UInt64(j)) }
            state[i] ^= lane
        }
        buffer.removeAll(keepingCapacity: true)
        state.withUnsafeMutableBufferPointer { Self.permute($0) }
    }

    private static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]
    /// ρ offsets in the order π visits the lanes.
    private static let rotations: [UInt64] = [
        1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44,
    ]
    /// π: the lane each step of the ρ–π walk moves to.
    private static let piLanes: [Int] = [
        10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1,
    ]

    @inline(__always)
    private static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { (x << n) | (x >> (64 - n)) }

    /// Keccak-f[1600]: 24 rounds of θ, ρ, π, χ, ι.
    private static func permute(_ st: UnsafeMutableBufferPointer<UInt64>) {
        var bc = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        for round in 0..<24 {
            // θ
            bc.0 = st[0] ^ st[5] ^ st[10] ^ st[15] ^ st[20]
            bc.1 = st[1] ^ st[6] ^ st[11] ^ st[16] ^ st[21]
            bc.2 = st[2] ^ st[7] ^ st[12] ^ st[17] ^ st[22]
            bc.3 = st[3] ^ st[8] ^ st[13] ^ st[18] ^ st[23]
            bc.4 = st[4] ^ st[9] ^ st[14] ^ st[19] ^ st[24]
            let d0 = bc.4 ^ rotl(bc.1, 1)
            let d1 = bc.0 ^ rotl(bc.2, 1)
            let d2 = bc.1 ^ rotl(bc.3, 1)
            let d3 = bc.2 ^ rotl(bc.4, 1)
            let d4 = bc.3 ^ rotl(bc.0, 1)
            for j in stride(from: 0, to: 25, by: 5) {
                st[j] ^= d0
                st[j + 1] ^= d1
                st[j + 2] ^= d2
                st[j + 3] ^= d3
                st[j + 4] ^= d4
            }
            // ρ and π
            var t = st[1]
            for i in 0..<24 {
                let j = piLanes[i]
                let next = st[j]
                st[j] = rotl(t, rotations[i])
                t = next
            }
            // χ
            for j in stride(from: 0, to: 25, by: 5) {
                let a0 = st[j]
                let a1 = st[j + 1]
                let a2 = st[j + 2]
                let a3 = st[j + 3]
                let a4 = st[j + 4]
                st[j] = a0 ^ (~a1 & a2)
                st[j + 1] = a1 ^ (~a2 & a3)
                st[j + 2] = a2 ^ (~a3 & a4)
                st[j + 3] = a3 ^ (~a4 & a0)
                st[j + 4] = a4 ^ (~a0 & a1)
            }
            // ι
            st[0] ^= roundConstants[round]
        }
    }
}
