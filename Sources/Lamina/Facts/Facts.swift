/// One injected substance (SPEC.md §2 `substances[]`).
public struct Substance: Sendable, Equatable {
    public var name: String
    public var cls: String
    public var doseMg: Double?
    public var volumeMl: Double?
    public var concentration: String?
    /// Skin wheal / local infiltration rather than the epidural injectate.
    public var skin: Bool = false
    /// The dose was given at each level ("40 mg at each level").
    public var perLevel: Bool = false
    /// The mention restates a total ("a total triamcinolone dose of 80 mg").
    var restatesTotal: Bool = false
    public var evidence: [Span] = []
}

/// Conservative therapy the patient has had (SPEC.md §2 `conservative_therapy[]`).
public struct Therapy: Sendable, Equatable {
    public var kind: String
    public var weeks: Int?
    public var failed: Bool
    public var evidence: [Span] = []
}

/// The facts of SPEC.md §2, each with the spans it rests on (`evidence[field]`).
public struct Facts: Sendable {
    public var procedure: String = "other"
    public var approach: String?
    public var region: String?
    public var levels: [String] = []
    public var laterality: String?
    public var imaging: String?
    public var imagesArchived = false
    public var imageViews: [String] = []
    public var contrast: String?
    public var catheter: String?
    public var substances: [Substance] = []
    public var conservativeTherapy: [Therapy] = []
    public var baselinePain: Double?
    public var complications: String?
    public var diagnoses: [String] = []
    public var neurolytic = false
    public var pumpTrial = false
    /// A diagnostic (selective) nerve root block rather than a therapeutic injection: payers
    /// may require modifier KX (docs/CLAIMS.md).
    public var diagnosticBlock = false
    public var signed = false
    /// Extra facts the elements need.
    public var conditions: [String] = []
    public var durationWeeks: Double?
    public var zoster = false
    public var caudalEntry = false
    public var response = false
    public var mixtureVolume: Double?
    /// Total doses the note states per drug, beside its administrations.
    public var totalDoseMg: [String: Double] = [:]
    public var evidence: [String: [Span]] = [:]

    public init() {}

    /// Appends `span` unless it is already cited. A field cites a handful of spans; in a
    /// pathological note with thousands (a 4 MB block naming a level 100,000 times) only the
    /// last 256 are compared, so citing stays linear.
    private static func addOnce(_ span: Span, to xs: inout [Span]) {
        if !xs[max(0, xs.count - 256)...].contains(span) { xs.append(span) }
    }

    mutating func cite(_ field: String, _ span: Span) {
        // One hash: the spans are edited in place.
        Facts.addOnce(span, to: &evidence[field, default: []])
    }
}
