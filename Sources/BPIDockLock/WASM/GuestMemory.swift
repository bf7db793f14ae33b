import WasmKit

/// Bounds-checked access to a guest's linear memory: every pointer a program hands the cage is
/// checked before it is touched, and an out-of-range one is an `EFAULT` answer, never a crash.
struct GuestMemory {
    let memory: Memory

    /// Whether `[offset, offset + count)` lies inside the memory.
    func contains(_ offset: UInt32, _ count: Int) -> Bool {
        count >= 0 && UInt64(offset) + UInt64(count) <= UInt64(memory.byteCount)
    }

    /// The bytes at `offset`, or nil when out of range.
    func read(_ offset: UInt32, _ count: Int) -> [UInt8]? {
        guard contains(offset, count) else { return nil }
        if count == 0 { return [] }
        return memory.withUnsafeBufferPointer(offset: UInt(offset), count: count) { Array($0) }
    }

    /// Writes `bytes` at `offset`; false when out of range.
    @discardableResult
    func write(_ offset: UInt32, _ bytes: [UInt8]) -> Bool {
        guard contains(offset, bytes.count) else { return false }
        if bytes.isEmpty { return true }
        memory.withUnsafeMutableBufferPointer(offset: UInt(offset), count: bytes.count) { dst in
            bytes.withUnsafeBytes { dst.copyMemory(from: $0) }
        }
        return true
    }

    /// A little-endian u32 at `offset`.
    func u32(_ offset: UInt32) -> UInt32? {
        read(offset, 4).map { b in b.reversed().reduce(0) { $0 << 8 | UInt32($1) } }
    }

    /// Writes a little-endian u32; false when out of range.
    @discardableResult
    func writeU32(_ offset: UInt32, _ value: UInt32) -> Bool {
        write(offset, (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) })
    }

    /// Writes a little-endian u64; false when out of range.
    @discardableResult
    func writeU64(_ offset: UInt32, _ value: UInt64) -> Bool {
        write(offset, (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) })
    }

    /// The buffers of an iovec array: `(pointer, length)` pairs, or nil when any is out of range.
    func iovecs(_ base: UInt32, _ count: UInt32) -> [(UInt32, Int)]? {
        guard count <= 1024 else { return nil }
        var out: [(UInt32, Int)] = []
        for i in 0..<count {
            let at = UInt64(base) + UInt64(i) * 8
            guard at + 8 <= UInt64(UInt32.max), let p = u32(UInt32(at)), let n = u32(UInt32(at + 4)), contains(p, Int(n))
            else { return nil }
            out.append((p, Int(n)))
        }
        return out
    }
}
