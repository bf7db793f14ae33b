/// The properties the simulator asserts after every step of a schedule.
public enum Property: String, Sendable, CaseIterable, Codable {
    /// No two different values are decided at one height, across all honest validators and
    /// their restarts, and no two different values gather a quorum of COMMITs (either would be
    /// a fork the light client accepts).
    case safety
    /// Every decided block passes the light-client rules (header, proposer, VRF, commit).
    case validity
    /// In a schedule that ends in a synchronous period, every honest validator decides within a
    /// bounded number of rounds after it starts.
    case liveness
    /// Every decided block carries each frame the inclusion lists name, or a reject ground that
    /// holds for it (docs/SPEC.md §17.2).
    case inclusion
    /// Height 1's encrypted frames are not readable before it is final, and once it is, every
    /// honest validator reveals its key within one block (1 s) of the synchronous period or of
    /// the last decision, and opens each frame to what was sealed — or marks it undecryptable
    /// exactly when its ciphertext was altered (docs/SPEC.md §16.4).
    case decryption
}
