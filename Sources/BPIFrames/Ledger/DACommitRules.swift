import BPICodec
import BPITypes

/// The rules a da-commit frame meets before it is ordered (docs/SPEC.md §15.3), beside the frame
/// rules every frame meets: the committing service sends it to itself, and its payload is one
/// canonical `DAObject` (parameters in range) of at least one byte, whose shards are at most
/// `DAResponse.maxShardBytes` (so that any of them can be answered to a challenge, §15.8). Whether the object's shards
/// are actually available is not a rule of ordering: sampling and challenges establish it.
public enum DACommitRules {
    /// Checks `frame` and returns the object it commits.
    @discardableResult
    public static func check(_ frame: Frame) throws(FrameError) -> DAObject {
        guard frame.header.source == frame.header.destination else {
            throw .badDACommit("a da-commit frame goes from the committing service to itself (src == dst)")
        }
        let object: DAObject
        do {
            object = try DAObject(canonicalBytes: frame.sealedPayload)
        } catch {
            throw .badDACommit("the payload is not a canonical DAObject: \(error)")
        }
        guard object.size >= 1 else { throw .badDACommit("an object of 0 bytes has no shards to make available") }
        guard object.shardSize(chunk: 0) <= DAResponse.maxShardBytes else {
            throw .badDACommit(
                "shards of \(object.shardSize(chunk: 0)) bytes could not be answered in a da-response frame (at most \(DAResponse.maxShardBytes)): raise k or lower the chunk size"
            )
        }
        return object
    }
}
