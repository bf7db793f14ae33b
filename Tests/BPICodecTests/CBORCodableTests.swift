import BPICodec
import Testing

/// A protocol-shaped struct: fields in a fixed order, encoded as an array.
struct Sample: CBORCodable, Equatable {
    var height: UInt64
    var digest: [UInt8]
    var note: String
    var flags: [Bool]

    var cborFields: [CBOR] { [.unsigned(height), .bytes(digest), .text(note), .array(flags.map(CBOR.bool))] }

    init(height: UInt64, digest: [UInt8], note: String, flags: [Bool]) {
        (self.height, self.digest, self.note, self.flags) = (height, digest, note, flags)
    }

    init(cborFields f: inout CBORFieldReader) throws(CBORError) {
        height = try f.nextUInt("height")
        digest = try f.nextBytes("digest", count: 4)
        note = try f.nextText("note")
        var flags: [Bool] = []
        for item in try f.nextArrayItems("flags", maxCount: 8) {
            guard case .bool(let b) = item else { throw .schema("Sample.flags: expected booleans") }
            flags.append(b)
        }
        self.flags = flags
    }
}

@Suite("CBORCodable")
struct CBORCodableTests {
    let sample = Sample(height: 7, digest: [1, 2, 3, 4], note: "hi", flags: [true, false])

    @Test("structs encode as arrays in field order and round-trip")
    func roundTrip() throws {
        #expect(Hex.encode(sample.canonicalBytes()) == "84" + "07" + "4401020304" + "626869" + "82f5f4")
        #expect(try Sample(canonicalBytes: sample.canonicalBytes()) == sample)
    }

    @Test("wrong shapes are refused with the field named")
    func shapes() {
        #expect(throws: CBORError.schema("Sample: expected an array of fields, found map")) { try Sample(cbor: .map([])) }
        #expect(throws: CBORError.schema("Sample.digest (field 1): expected 4 bytes, found 3")) {
            try Sample(cbor: .array([.unsigned(1), .bytes([1, 2, 3]), .text(""), .array([])]))
        }
        #expect(throws: CBORError.schema("Sample.note (field 2): missing; the array has only 2 fields")) {
            try Sample(cbor: .array([.unsigned(1), .bytes([1, 2, 3, 4])]))
        }
        #expect(throws: CBORError.schema("Sample: expected 4 fields, found 5")) {
            try Sample(cbor: .array(sample.cborFields + [.null]))
        }
        #expect(throws: CBORError.schema("Sample.height (field 0): expected unsigned integer, found negative integer")) {
            try Sample(cbor: .array([.negative(0)] + sample.cborFields.dropFirst()))
        }
    }
}
