import BPIHash
import BPITypes

/// The test switch `refuse_frames_from` (docs/SPEC.md §18.10): the frames of one service are
/// refused when they reach this validator directly (API, peers), as if every validator censored
/// them, so that a test shows the force-inclusion inbox bringing them in. Consulted only at those
/// two doors; the frame rules and the inbox path never see it.
struct DirectFrameCensor: Sendable {
    let source: Hash32

    /// From the config value (empty: no censor).
    init?(_ text: String) {
        guard let source = Hash32(hex: text) else { return nil }
        self.source = source
    }

    /// Why `frame` is refused at the door, or nil.
    func refusal(_ frame: Frame) -> String? {
        guard frame.header.source == source else { return nil }
        return "this validator refuses service \(source.hex)'s frames when they come directly (test switch "
            + "refuse_frames_from); post the frame to the force-inclusion inbox (bpi inbox submit)"
    }
}
