import BPICrypto
import BPIToolKit

/// The figures issue 3 names: Ed25519 sign/verify rates, VRF prove/verify times, XChaCha20-Poly1305 throughput.
public enum CryptoBenchmarks {
    /// Runs them all.
    public static func run(progress: (String) -> Void) -> [BenchmarkFigure] {
        var figures: [BenchmarkFigure] = []
        let key = Ed25519PrivateKey.generate()
        let message = [UInt8](repeating: 0x5A, count: 64)
        let signature = key.sign(message)

        progress("Ed25519 sign / verify")
        let sign = Stopwatch.secondsPerCall(iterations: 2_000) { _ = key.sign(message) }
        let verify = Stopwatch.secondsPerCall(iterations: 2_000) { _ = key.publicKey.isValidSignature(signature, for: message) }
        figures.append(BenchmarkFigure(name: "Ed25519 sign (64-byte message)", value: 1 / sign, unit: "ops/s"))
        figures.append(BenchmarkFigure(name: "Ed25519 verify (64-byte message)", value: 1 / verify, unit: "ops/s"))

        progress("ECVRF prove / verify")
        let vrfKey = ECVRF.SecretKey.generate()
        let alpha = [UInt8](repeating: 7, count: 32)
        let proof = ECVRF.prove(vrfKey, alpha: alpha)
        let prove = Stopwatch.secondsPerCall(iterations: 300) { _ = ECVRF.prove(vrfKey, alpha: alpha) }
        let check = Stopwatch.secondsPerCall(iterations: 300) {
            _ = try? ECVRF.verify(publicKey: vrfKey.publicKey, alpha: alpha, proof: proof)
        }
        figures.append(BenchmarkFigure(name: "ECVRF-EDWARDS25519-SHA512-TAI prove", value: prove * 1e6, unit: "µs"))
        figures.append(BenchmarkFigure(name: "ECVRF-EDWARDS25519-SHA512-TAI verify", value: check * 1e6, unit: "µs"))

        progress("XChaCha20-Poly1305 on 64 KiB")
        let aeadKey = [UInt8](repeating: 1, count: 32)
        let nonce = [UInt8](repeating: 2, count: 24)
        let plaintext = [UInt8](repeating: 3, count: 64 * 1024)
        let sealed = try! XChaCha20Poly1305.seal(plaintext, key: aeadKey, nonce: nonce)
        let seal = Stopwatch.secondsPerCall(iterations: 500) {
            _ = try? XChaCha20Poly1305.seal(plaintext, key: aeadKey, nonce: nonce)
        }
        let open = Stopwatch.secondsPerCall(iterations: 500) {
            _ = try? XChaCha20Poly1305.open(sealed, key: aeadKey, nonce: nonce)
        }
        figures.append(
            BenchmarkFigure(
                name: "XChaCha20-Poly1305 seal 64 KiB", value: Double(plaintext.count) / seal / 1_048_576, unit: "MiB/s"))
        figures.append(
            BenchmarkFigure(
                name: "XChaCha20-Poly1305 open 64 KiB", value: Double(plaintext.count) / open / 1_048_576, unit: "MiB/s"))
        return figures
    }
}
