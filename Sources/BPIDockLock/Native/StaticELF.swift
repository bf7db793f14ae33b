/// What the native cage runs (docs/SPEC.md §13.6): a 64-bit little-endian ELF executable for this
/// machine, statically linked (no `PT_INTERP`): the chroot holds no libraries, and libraries from
/// the host would be inputs the receipt does not commit to.
enum StaticELF {
    static func check(_ bytes: [UInt8]) throws(DockLockError) {
        guard bytes.count >= 64, bytes[0..<4] == [0x7F, 0x45, 0x4C, 0x46] else {
            throw .moduleRefused("not an ELF executable")
        }
        guard bytes[4] == 2, bytes[5] == 1 else { throw .moduleRefused("not a 64-bit little-endian ELF") }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u64(_ at: Int) -> Int { (0..<8).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        #if arch(x86_64)
            let machine = 62
        #else
            let machine = 183
        #endif
        guard u16(18) == machine else { throw .moduleRefused("an ELF for another machine (e_machine \(u16(18)))") }
        let type = u16(16)
        guard type == 2 || type == 3 else { throw .moduleRefused("not an executable ELF (e_type \(type))") }
        let phoff = u64(32)
        let phentsize = u16(54)
        let phnum = u16(56)
        guard phentsize >= 56, phoff > 0, phoff < bytes.count, phnum < 256,
            phoff + phnum * phentsize <= bytes.count
        else {
            throw .moduleRefused("malformed ELF program headers")
        }
        for i in 0..<phnum where bytes[phoff + i * phentsize] == 3 && u16(phoff + i * phentsize + 2) == 0 {
            throw .moduleRefused("a dynamically linked program (PT_INTERP): link it statically (-static)")
        }
    }
}
