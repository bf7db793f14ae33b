import BPICodec
import BPITypes

/// The rules an agreement frame meets before it is ordered (docs/SPEC.md §14.5), beside the frame
/// rules every frame meets: the publishing service sends it to itself, and its payload is one
/// canonical `AgreementBundle` (which fits a frame by construction). Whether its policies load —
/// the module screen — is the validator's check (BPINode, BPIDockLock).
public enum AgreementRules {
    /// Checks `frame` and returns the bundle it pins.
    @discardableResult
    public static func check(_ frame: Frame) throws(FrameError) -> AgreementBundle {
        guard frame.header.source == frame.header.destination else {
            throw .badAgreement("an agreement frame goes from the publishing service to itself (src == dst)")
        }
        do {
            return try AgreementBundle(canonicalBytes: frame.sealedPayload)
        } catch {
            throw .badAgreement("the payload is not an agreement bundle: \(error)")
        }
    }
}
