/// Fixed values of the BLAKE3 specification.
public enum BLAKE3Constants {
    /// Bytes per chunk (a leaf of the tree).
    public static let chunkLength = 1024
    /// Bytes per compression block.
    public static let blockLength = 64
    /// Bytes in a key or a default-length hash.
    public static let keyLength = 32

    /// The initialization vector (the first SHA-256 IV words); the key of plain hashing.
    public static let iv: CV = CV(
        0x6A09_E667, 0xBB67_AE85, 0x3C6E_F372, 0xA54F_F53A,
        0x510E_527F, 0x9B05_688C, 0x1F83_D9AB, 0x5BE0_CD19)
}

/// Domain-separation flags of the compression function.
public enum BLAKE3Flag {
    public static let chunkStart: UInt32 = 1 << 0
    public static let chunkEnd: UInt32 = 1 << 1
    public static let parent: UInt32 = 1 << 2
    public static let root: UInt32 = 1 << 3
    public static let keyedHash: UInt32 = 1 << 4
    public static let deriveKeyContext: UInt32 = 1 << 5
    public static let deriveKeyMaterial: UInt32 = 1 << 6
}
