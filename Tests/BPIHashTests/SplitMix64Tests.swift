import BPIHash
import Testing

/// SplitMix64's byte stream: each output little-endian, the last cut short, and the generator
/// moves on by exactly ⌈count / 8⌉ outputs.
@Suite struct SplitMix64Tests {
    @Test(arguments: [0, 1, 7, 8, 13, 64, 1_001])
    func bytesAreTheOutputsLittleEndian(count: Int) {
        var a = SplitMix64(state: 42)
        var b = SplitMix64(state: 42)
        var expected: [UInt8] = []
        for _ in 0..<(count + 7) / 8 {
            var word = b.next()
            for _ in 0..<8 {
                expected.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        #expect(a.bytes(count) == Array(expected.prefix(count)))
        #expect(a.next() == b.next())
    }

    @Test func theFirstOutputOfSeedZeroIsTheReferenceValue() {
        // SplitMix64's published first output for state 0.
        var g = SplitMix64(state: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
    }
}
