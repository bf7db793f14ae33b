/// Sixteen words: a compression state or a message block, held in named stored properties so
/// the optimizer keeps them in registers (the round function only ever uses constant indices).
@frozen
public struct BLAKE3Words<W: BLAKE3Lane>: Sendable {
    public var w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15: W

    /// Creates the sixteen words in order.
    @inlinable @inline(__always)
    public init(
        _ w0: W, _ w1: W, _ w2: W, _ w3: W, _ w4: W, _ w5: W, _ w6: W, _ w7: W,
        _ w8: W, _ w9: W, _ w10: W, _ w11: W, _ w12: W, _ w13: W, _ w14: W, _ w15: W
    ) {
        (self.w0, self.w1, self.w2, self.w3, self.w4, self.w5, self.w6, self.w7) = (w0, w1, w2, w3, w4, w5, w6, w7)
        (self.w8, self.w9, self.w10, self.w11, self.w12, self.w13, self.w14, self.w15) = (w8, w9, w10, w11, w12, w13, w14, w15)
    }

    /// The message words reordered by BLAKE3's fixed permutation, applied between rounds.
    @inlinable @inline(__always)
    public var permuted: BLAKE3Words {
        BLAKE3Words(w2, w6, w3, w10, w7, w0, w4, w13, w1, w11, w12, w5, w9, w14, w15, w8)
    }
}

/// The quarter-round `G` mixing two message words into four state words.
@inlinable @inline(__always)
func blake3G<W: BLAKE3Lane>(_ a: inout W, _ b: inout W, _ c: inout W, _ d: inout W, _ x: W, _ y: W) {
    a = a &+ b &+ x
    d = (d ^ a).rotatedRight(16)
    c = c &+ d
    b = (b ^ c).rotatedRight(12)
    a = a &+ b &+ y
    d = (d ^ a).rotatedRight(8)
    c = c &+ d
    b = (b ^ c).rotatedRight(7)
}

/// One round: G over the four columns, then the four diagonals.
@inlinable @inline(__always)
func blake3Round<W: BLAKE3Lane>(_ s: inout BLAKE3Words<W>, _ m: BLAKE3Words<W>) {
    blake3G(&s.w0, &s.w4, &s.w8, &s.w12, m.w0, m.w1)
    blake3G(&s.w1, &s.w5, &s.w9, &s.w13, m.w2, m.w3)
    blake3G(&s.w2, &s.w6, &s.w10, &s.w14, m.w4, m.w5)
    blake3G(&s.w3, &s.w7, &s.w11, &s.w15, m.w6, m.w7)
    blake3G(&s.w0, &s.w5, &s.w10, &s.w15, m.w8, m.w9)
    blake3G(&s.w1, &s.w6, &s.w11, &s.w12, m.w10, m.w11)
    blake3G(&s.w2, &s.w7, &s.w8, &s.w13, m.w12, m.w13)
    blake3G(&s.w3, &s.w4, &s.w9, &s.w14, m.w14, m.w15)
}

/// The seven rounds of the compression function, permuting the message between rounds.
@inlinable @inline(__always)
public func blake3Rounds<W: BLAKE3Lane>(_ s: inout BLAKE3Words<W>, message: BLAKE3Words<W>) {
    var m = message
    blake3Round(&s, m)
    m = m.permuted
    blake3Round(&s, m)
    m = m.permuted
    blake3Round(&s, m)
    m = m.permuted
    blake3Round(&s, m)
    m = m.permuted
    blake3Round(&s, m)
    m = m.permuted
    blake3Round(&s, m)
    m = m.permuted
    blake3Round(&s, m)
}
