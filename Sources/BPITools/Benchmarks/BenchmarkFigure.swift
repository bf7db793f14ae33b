/// One measured figure of `bpi bench`, optionally beside a reference tool and a target.
public struct BenchmarkFigure: Codable, Sendable, Equatable {
    /// What was measured.
    public var name: String
    /// The measured value.
    public var value: Double
    /// Its unit ("MiB/s", "µs", …).
    public var unit: String
    /// The reference tool's value in the same run, when one exists.
    public var reference: Double?
    /// The reference tool's name.
    public var referenceName: String?
    /// The target, in words ("≤ 250 µs", "≥ 0.5× b3sum").
    public var target: String?
    /// Whether the target was met (nil when there is no target).
    public var met: Bool?
    /// Why the figure could not be measured (then `met` is false).
    public var error: String?

    /// Creates a figure.
    public init(
        name: String, value: Double, unit: String, reference: Double? = nil, referenceName: String? = nil, target: String? = nil,
        met: Bool? = nil
    ) {
        self.name = name
        self.value = value
        self.unit = unit
        self.reference = reference
        self.referenceName = referenceName
        self.target = target
        self.met = met
    }

    /// A figure that could not be measured: it counts as a missed target, never as silence.
    public static func failed(_ name: String, target: String, error: String) -> BenchmarkFigure {
        var figure = BenchmarkFigure(name: name, value: 0, unit: "", target: target, met: false)
        figure.error = error
        return figure
    }
}
