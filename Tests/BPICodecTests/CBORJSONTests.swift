import BPICodec
import Testing

@Suite("CBOR JSON form")
struct CBORJSONTests {
    @Test("the whole integer range, byte strings and non-text-keyed maps have a JSON form")
    func forms() throws {
        #expect(try CBORJSON.parse("18446744073709551615") == .unsigned(.max))
        #expect(try CBORJSON.parse("-18446744073709551616") == .negative(.max))
        #expect(try CBORJSON.parse(#"{"$hex":"00FF"}"#) == .bytes([0, 255]))
        #expect(try CBORJSON.parse(#"{"$map":[[1,"a"]]}"#) == .map([CBORMapEntry(.unsigned(1), .text("a"))]))
        #expect(try CBORJSON.parse(#" "\ud83d\ude00\n" "#) == .text("😀\n"))
        let tricky = CBOR.map([CBORMapEntry(.text("$hex"), .text("00"))])
        #expect(CBORJSON.render(tricky) == #"{"$map":[["$hex","00"]]}"#)
        #expect(try CBORJSON.parse(CBORJSON.render(tricky)) == tricky)
    }

    @Test(
        "input outside the form is refused with its offset",
        arguments: [
            ("1.5", 0), ("1e3", 0), ("18446744073709551616", 0), ("-18446744073709551617", 0), ("-0", 0), ("01", 0),
            (#"{"a":1,"a":2}"#, 7), (#"{"$hex":"abc"}"#, 8), (#"{"$map":[[1,2],[1,3]]}"#, 0), ("[1,", 3), (#""\ud800""#, 7),
            ("[1] x", 4), ("", 0), ("nul", 0),
        ])
    func refused(input: String, offset: Int) {
        #expect { try CBORJSON.parse(input) } throws: { ($0 as? CBORJSON.ParseError)?.offset == offset }
    }
}
