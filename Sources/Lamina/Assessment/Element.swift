/// How serious a gap is.
public enum Severity: String, Sendable, Comparable {
    case info, warning, error
    var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// Whether a note meets an element.
public enum ElementStatus: String, Sendable {
    case met, missing, exempt, conflict, risk
    /// `exempt` counts as met (SPEC.md §7).
    public var isMet: Bool { self == .met || self == .exempt }
}

/// An example note for an element: one that meets it or one that misses it. Failures
/// point at the example's own line.
public struct ElementExample: Sendable {
    public let text: String
    public let meets: Bool
    public let file: String
    public let line: Int
    public init(_ text: String, meets: Bool, file: String = #filePath, line: Int = #line) {
        self.text = text; self.meets = meets; self.file = file; self.line = line
    }
}

/// One documentation element of a policy: one small rule over facts, with its own
/// examples (SwiftLint's RuleDescription in spirit).
public protocol DocumentationElement: Sendable {
    var id: String { get }
    var title: String { get }
    var rationale: String { get }
    var citation: String { get }
    var severity: Severity { get }
    /// What to add when the element is missing.
    var missingMessage: String { get }
    var metMessage: String { get }
    var examples: [ElementExample] { get }
    /// Status and the fact fields whose evidence supports it.
    func evaluate(_ f: Facts) -> (ElementStatus, [String])
}

extension DocumentationElement {
    public var citation: String { "CMS billing article A56681 (Novitas, LCD L36920)" }
}

/// A finding: an element's status for one note, with its evidence.
public struct Finding: Sendable {
    public var element: String
    public var status: ElementStatus
    public var severity: Severity
    public var message: String
    public var evidence: [Span]
    /// The policy the finding cites (claim and policy findings).
    public var citation: String? = nil
    /// Earlier encounters a session-limit finding counts (`policy.frequency`).
    public var related: [String] = []
}

/// The elements of policy `a56681`, in report order.
public enum Elements {
    public static let all: [any DocumentationElement] = [
        IndicationDiagnosis(), ConservativeCare(), HistoryDuration(), BaselinePain(),
        ImagingGuidance(), ImagingArchive(), ImagingViews(), ImagingContrast(),
        SubstanceDrug(), SubstanceDoseVolume(), AnatomyLevel(), AnatomyApproach(),
        PlacementDevice(), OutcomeResponse(), OutcomeComplications(), AttestationSignature(),
    ]

    /// A short note that meets every element; examples change one part of it.
    static let base = """
    PROCEDURE: Left L5-S1 interlaminar epidural steroid injection under fluoroscopic guidance.
    INDICATION: Lumbar radiculopathy (M54.17), leg pain for 5 months, failed 6 weeks of physical therapy. Pain 7/10.
    TECHNIQUE: Prone. 1% lidocaine 2 mL to the skin. A 20-gauge Tuohy needle entered the epidural space by loss of resistance. AP and lateral views confirmed position. Omnipaque 240, 1 mL, showed epidural spread. Kenalog 80 mg (40 mg/mL, 2 mL) was injected. Images saved to PACS.
    COMPLICATIONS: None.
    Tolerated well, vitals stable.
    Electronically signed by A. Doe, MD
    """

    /// `base` with `old` replaced by `new`.
    static func variant(_ old: String, _ new: String) -> String {
        precondition(base.contains(old), "example edits text the base note does not have: \(old)")
        return base.replacingOccurrences(of: old, with: new)
    }
}
