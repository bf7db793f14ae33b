import CSodium

/// libsodium must be initialised once before use; every entry point that calls it goes through here.
enum Sodium {
    /// True once `sodium_init` has run (it is idempotent and thread-safe).
    static let ready: Bool = {
        let status = sodium_init()
        precondition(status >= 0, "libsodium could not be initialised")
        return true
    }()

    /// Fills `count` bytes from the operating system's CSPRNG.
    static func randomBytes(_ count: Int) -> [UInt8] {
        _ = ready
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, count) }
        return out
    }
}
