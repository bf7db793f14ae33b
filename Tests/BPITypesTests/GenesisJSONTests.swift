import BPITypes
import Foundation
import Testing

/// A bad genesis.json is refused with the field and what would be valid — never a DecodingError dump.
@Suite("genesis.json errors")
struct GenesisJSONTests {
    let validator = """
        {"identityKey": "\(String(repeating: "11", count: 32))", "blsKey": "\(String(repeating: "22", count: 96))",
         "blsProofOfPossession": "\(String(repeating: "33", count: 48))", "vrfKey": "\(String(repeating: "44", count: 32))",
         "votingPower": POWER, "metadata": "v0"}
        """

    func message(_ json: String) -> String {
        do {
            _ = try Genesis(json: Data(json.utf8))
            return "accepted"
        } catch {
            return error.description
        }
    }

    @Test(
        "missing fields, wrong types, out-of-range numbers, bad hex and invalid JSON are named by their path",
        arguments: [
            ("{\"genesisTime\": 1, \"validators\": []}", "missing field chainID"),
            ("{\"chainID\": 5, \"genesisTime\": 1, \"validators\": []}", "chainID: expected a string"),
            ("{\"chainID\": \"c\", \"genesisTime\": 1, \"validators\": [V18446744073709551616]}", "validators[0].votingPower"),
            ("{\"chainID\": \"c\", \"genesisTime\": 1, \"validators\": [V-1]}", "validators[0].votingPower"),
            ("{\"chainID\": \"c\", \"genesisTime\": 1, \"validators\": [V18446744073709551615]}", "total below 2^62"),
            (
                "{\"chainID\": \"c\", \"genesisTime\": 1, \"validators\": [BADHEX]}",
                "validators[0].identityKey must be 32 bytes of hex"
            ),
            ("{\"chainID\": \"c\",", "not valid JSON"),
            ("<html>", "not valid JSON"),
        ])
    func namesTheField(json: String, expected: String) {
        var text = json
        for power in ["18446744073709551616", "-1", "18446744073709551615"] {
            text = text.replacingOccurrences(of: "V\(power)", with: validator.replacingOccurrences(of: "POWER", with: power))
        }
        text = text.replacingOccurrences(
            of: "BADHEX",
            with: validator.replacingOccurrences(of: "POWER", with: "10").replacingOccurrences(
                of: String(repeating: "11", count: 32), with: "zz"))
        let got = message(text)
        #expect(got.contains(expected), "\(got)")
        #expect(!got.contains("DecodingError") && !got.contains("genesis.json"), "\(got)")
    }
}
