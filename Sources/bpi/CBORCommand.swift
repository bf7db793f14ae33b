import ArgumentParser
import BPIHash
import BPIToolKit
import BPITools
import Foundation

struct CBORCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cbor", abstract: "Convert between JSON and canonical CBOR (RFC 8949 §4.2.1).",
        discussion: """
            JSON form: integers (-2^64 … 2^64-1), strings, true/false/null, arrays and objects map directly. \
            A byte string is written {"$hex":"0a1b"}; a map with non-text keys is {"$map":[[key,value],…]}. \
            Floats, duplicate keys and out-of-range integers are refused.
            """,
        subcommands: [Encode.self, Decode.self])

    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read one JSON value on stdin; print its canonical CBOR as hex.")
        @OptionGroup var home: HomeOption
        func run() throws { try runTool { print(try CBORTool.encode(json: try InputReader.readText())) } }
    }

    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read canonical CBOR hex on stdin; print it as JSON. Non-canonical input exits 2.")
        @OptionGroup var home: HomeOption
        func run() throws { try runTool { print(try CBORTool.decode(hex: try InputReader.readText())) } }
    }
}
