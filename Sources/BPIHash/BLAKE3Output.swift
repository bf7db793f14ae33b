import BPIBLAKE3Core

/// The last compression of a tree, kept un-run: as a child it yields a chaining value; as the
/// root it yields any number of output bytes (BLAKE3's extendable output).
struct BLAKE3Output {
    var inputCV: CV
    var block: BLAKE3Words<UInt32>
    var counter: UInt64
    var blockLength: UInt32
    var flags: UInt32

    /// The chaining value this node contributes to its parent.
    var chainingValue: CV {
        BLAKE3Compress.chainingValue(cv: inputCV, block: block, counter: counter, blockLength: blockLength, flags: flags)
    }

    /// Root output bytes starting at byte `seek` of the output stream.
    func rootBytes(count: Int, seek: UInt64 = 0) -> [UInt8] {
        guard count > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var blockCounter = seek / 64
            var skip = Int(seek % 64)
            var written = 0
            while written < count {
                let o = BLAKE3Compress.compress(
                    cv: inputCV, block: block, counter: blockCounter, blockLength: blockLength, flags: flags | BLAKE3Flag.root)
                withUnsafeBytes(of: o) { words in
                    // BLAKE3Words<UInt32> is 16 stored UInt32s in order; emit them little-endian.
                    let w = words.bindMemory(to: UInt32.self)
                    for i in 0..<16 {
                        let word = w[i].littleEndian
                        withUnsafeBytes(of: word) { wb in
                            for byte in wb {
                                if skip > 0 {
                                    skip -= 1
                                } else if written < count {
                                    buffer[written] = byte
                                    written += 1
                                }
                            }
                        }
                    }
                }
                blockCounter += 1
            }
            initialized = count
        }
    }

    /// The output of a parent node over two children's chaining values.
    static func parent(left: CV, right: CV, key: CV, flags: UInt32) -> BLAKE3Output {
        let block = BLAKE3Words<UInt32>(
            left.w0, left.w1, left.w2, left.w3, left.w4, left.w5, left.w6, left.w7,
            right.w0, right.w1, right.w2, right.w3, right.w4, right.w5, right.w6, right.w7)
        return BLAKE3Output(inputCV: key, block: block, counter: 0, blockLength: 64, flags: flags | BLAKE3Flag.parent)
    }
}
