/// A position in the registry's chain order, `HEIGHT-INDEX` on the wire: a page's `next` cursor.
/// Positions never move (finalized blocks do not change), so a cursor stays valid forever.
public struct RegistryCursor: Sendable, Equatable, Comparable, CustomStringConvertible {
    /// The block's height.
    public var height: UInt64
    /// The receipt's index among the block's receipts.
    public var index: Int

    /// A cursor.
    public init(height: UInt64, index: Int) {
        self.height = height
        self.index = index
    }

    /// Parses `HEIGHT-INDEX`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let h = UInt64(parts[0]), let i = Int(parts[1]), i >= 0, h <= UInt64(Int64.max) else {
            return nil
        }
        height = h
        index = i
    }

    public var description: String { "\(height)-\(index)" }

    public static func < (a: Self, b: Self) -> Bool { (a.height, a.index) < (b.height, b.index) }
}
