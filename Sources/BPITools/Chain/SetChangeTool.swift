import BPICodec
import BPICrypto
import BPINode
import BPIToolKit
import BPITypes
import Foundation

/// `bpi set-change`: validator-set changes by the validators' votes (docs/SPEC.md §19).
public enum SetChangeTool {
    /// The node's set-change state (`GET /v1/set-change`).
    public static func show(rpc: RPCClient) async throws(ToolError) -> SetChangeView {
        try await rpc.getJSON("/v1/set-change", as: SetChangeView.self)
    }

    /// The API token in `file` (its first line; the file must be private, mode 0600).
    public static func token(file: String) throws(ToolError) -> String {
        do {
            return try SecretFile.firstLine(atPath: file, privateOnly: true)
        } catch {
            throw .badInput("--token-file \(file): \(error)")
        }
    }

    /// The set `current` becomes with `removed` taken out (each an index in it or an identity key
    /// in hex) and the entries in the `added` files (`validator.json`, as `bpi init` writes) appended.
    public static func proposedSet(
        current: [ValidatorInfo.JSONForm], removing removed: [String], adding added: [String]
    ) throws(ToolError) -> [ValidatorInfo.JSONForm] {
        guard !removed.isEmpty || !added.isEmpty else { throw .badInput("name a change: --add FILE and/or --remove VALIDATOR") }
        var out = current
        for r in removed {
            let at: Int?
            if let i = Int(r) {
                at = i < out.count && i >= 0 ? i : nil
            } else {
                at = out.firstIndex { $0.identityKey.lowercased() == r.lowercased() }
            }
            guard let at else {
                throw .badInput("--remove \(r): not an index (0…\(out.count - 1)) or identity key of the set signing now")
            }
            out.remove(at: at)
        }
        for path in added {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .badInput("--add \(path): cannot read the file")
            }
            let entry: ValidatorInfo.JSONForm
            do {
                entry = try JSONDecoder().decode(ValidatorInfo.JSONForm.self, from: data)
                _ = try ValidatorInfo(json: entry, what: path)
            } catch {
                throw .badInput("--add \(path): not a validator entry (validator.json): \(error)")
            }
            guard !out.contains(where: { $0.identityKey.lowercased() == entry.identityKey.lowercased() }) else {
                throw .badInput("--add \(path): validator \(entry.identityKey) is already in the set")
            }
            out.append(entry)
        }
        guard !out.isEmpty else { throw .badInput("the change would leave no validator") }
        return out
    }

    /// Casts the node's validator's vote for `validators` (`POST /v1/set-change/votes`); returns the vote frame's id.
    public static func vote(rpc: RPCClient, validators: [ValidatorInfo.JSONForm]) async throws(ToolError) -> String {
        struct Body: Encodable { var validators: [ValidatorInfo.JSONForm] }
        struct Answer: Decodable { var id: String }
        let body: Data
        do { body = try JSONEncoder().encode(Body(validators: validators)) } catch { throw .io("\(error)") }
        let answer = try await rpc.post("/v1/set-change/votes", body: body)
        guard let id = try? JSONDecoder().decode(Answer.self, from: answer).id else {
            throw .verificationFailed("the node's answer to the vote is not {\"id\": …}")
        }
        return id
    }
}
