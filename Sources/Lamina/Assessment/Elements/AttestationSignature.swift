/// `attestation.signature`: a signature or electronic attestation.
struct AttestationSignature: DocumentationElement {
    let id = "attestation.signature"
    let title = "Signature"
    let rationale = "The record must be signed by the performing provider."
    let severity = Severity.error
    let missingMessage = "sign the note (electronic signature or attestation)"
    let metMessage = "signed"
    func evaluate(_ f: Facts) -> (ElementStatus, [String]) {
        f.signed ? (.met, ["signed"]) : (.missing, ["unsigned"])
    }
    var examples: [ElementExample] { [
        ElementExample(Elements.base, meets: true),
        ElementExample(Elements.variant("Electronically signed by A. Doe, MD", "I was present for the entire procedure. A. Doe, MD"), meets: true),
        ElementExample(Elements.variant("Electronically signed by A. Doe, MD", "Dictated but not read."), meets: false),
        ElementExample(Elements.variant("Electronically signed by A. Doe, MD", "Signature: __________"), meets: false),
        ElementExample(Elements.variant("Electronically signed by A. Doe, MD", "Consent: signed."), meets: false),
    ] }
}
