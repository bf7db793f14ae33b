import ArgumentParser
import BPICrypto
import BPIToolKit
import Foundation

/// Reads a secret key given as a file or as an argument (exactly one of them).
enum SecretHex {
    static func read(file: String?, hex: String?, names: (file: String, hex: String)) throws(ToolError) -> String {
        switch (file, hex) {
        case (nil, nil): throw .badInput("give the key with \(names.file) F (or \(names.hex) for test vectors)")
        case (.some, .some): throw .badInput("give \(names.file) or \(names.hex), not both")
        case (nil, .some(let hex)): return hex
        case (.some(let path), nil):
            if path == "-" { return SecretFile.firstLine(of: try InputReader.readText()).trimmingCharacters(in: .whitespaces) }
            do {
                return try SecretFile.firstLine(atPath: path, privateOnly: false).trimmingCharacters(in: .whitespaces)
            } catch {
                throw .io("\(names.file): \(error)")
            }
        }
    }
}
