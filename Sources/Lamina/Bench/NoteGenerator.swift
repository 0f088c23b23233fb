/// A seeded generator of realistic synthetic procedure notes for benchmarks (never for
/// accuracy figures): varied templates, approaches, levels, sides, drugs with doses,
/// negations, history, and deliberately missing elements, 1.5–3 KB each. The same seed
/// gives the same notes on every machine.
public struct NoteGenerator {
    /// SplitMix64: small, fast, and the same everywhere.
    struct RNG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) < p * 10_000 }
    }

    var rng: RNG
    public private(set) var count = 0

    public init(seed: UInt64) { rng = RNG(state: seed) }

    static let lumbarPairs = ["L2-L3", "L3-L4", "L4-L5", "L5-S1"]
    static let cervicalPairs = ["C5-C6", "C6-C7", "C7-T1"]
    static let lumbarRoots = ["L3", "L4", "L5", "S1"]
    static let cervicalRoots = ["C5", "C6", "C7"]
    static let physicians = ["A. Rivera, MD", "J. Okafor, DO", "M. Lindqvist, MD", "S. Patel, MD", "R. Castellanos, MD", "H. Nakamura, MD"]
    static let titles = ["PROCEDURE:", "PROCEDURE PERFORMED:", "OPERATION:", "Procedure:", "PROCEDURES:"]

    /// The next note: an id and its text.
    public mutating func next() -> (id: String, text: String) {
        count += 1
        let id = String(format: "gen-%07d", count)
        return (id, note())
    }

    mutating func steroid() -> String {
        rng.pick([
            "Kenalog 80 mg (40 mg/mL, 2 mL)", "triamcinolone 40 mg (1 mL of 40 mg/mL)", "Depo-Medrol 80 mg/1 mL",
            "methylprednisolone acetate 80 mg in 2 mL", "dexamethasone 10 mg (10 mg/mL, 1 mL)", "dexamethasone sodium phosphate 4 mg/1 mL",
            "Celestone Soluspan 6 mg (1 mL)", "Kenalog-40, 2 cc (80 mg)",
        ])
    }

    mutating func anesthetic() -> String {
        rng.pick(["1% lidocaine 2 mL", "0.25% bupivacaine 2 mL", "preservative-free 1% lidocaine, 1 mL", "0.5% ropivacaine 1 mL", "2 cc of 0.25% Marcaine"])
    }

    mutating func boilerplate() -> String {
        rng.pick([
            "The risks, benefits and alternatives of the procedure were discussed with the patient, including bleeding, infection, nerve injury, headache, increased pain and no relief. All questions were answered and written informed consent was obtained.",
            "A time-out was performed verifying the patient's name, date of birth, procedure, side and level. The patient was positioned prone on the fluoroscopy table with a pillow under the abdomen for comfort.",
            "The skin was prepped with chlorhexidine three times and draped in the usual sterile fashion. Sterile technique was maintained throughout the procedure.",
            "The patient was monitored with continuous pulse oximetry and blood pressure. No sedation was given. The patient remained conversant throughout.",
            "Discharge instructions were reviewed, including signs of infection, new weakness, and bowel or bladder changes, with instructions to call the clinic or go to the emergency department if they occur.",
            "The patient will keep a pain diary for the next two weeks and follow up in clinic in four weeks to assess the response. Activity as tolerated; no driving today.",
            "Blood thinners were reviewed: the patient takes no anticoagulants or antiplatelet agents other than aspirin, which was continued. No history of bleeding disorder.",
            "Allergies were reviewed: no known drug allergies, no allergy to iodinated contrast or latex. Glucose was reviewed for the diabetic patient and was 142 this morning.",
        ])
    }

    mutating func note() -> String {
        let kind = rng.int(10)
        var approach: String, levels: [String], side: String, region: String
        switch kind {
        case 0, 1, 2:
            approach = "interlaminar"; region = "lumbar"; levels = [rng.pick(Self.lumbarPairs)]; side = rng.pick(["left", "right", "midline", ""])
        case 3:
            approach = "interlaminar"; region = "cervical"; levels = [rng.pick(Self.cervicalPairs)]; side = rng.pick(["midline", "left paramedian", ""])
        case 4:
            approach = "caudal"; region = "sacral"; levels = []; side = ""
        case 5, 6, 7:
            approach = "transforaminal"; region = "lumbar"
            let i = rng.int(3)
            levels = rng.chance(0.4) ? [Self.lumbarRoots[i], Self.lumbarRoots[i + 1]] : [Self.lumbarRoots[i]]
            side = rng.pick(["left", "right", "bilateral"])
        default:
            approach = "transforaminal"; region = "cervical"; levels = [rng.pick(Self.cervicalRoots)]; side = rng.pick(["left", "right"])
        }
        let imaging = rng.chance(0.9) ? "fluoroscopic" : "CT"
        let sideWord = side.isEmpty ? "" : side.prefix(1).uppercased() + side.dropFirst() + " "
        var s = ""
        s += "\(rng.pick(Self.titles)) \(sideWord)\(levels.isEmpty ? "" : levels.joined(separator: " and ") + " ")\(approach) epidural steroid injection\(approach == "caudal" ? " via the sacral hiatus" : "") under \(imaging) guidance.\n"
        s += "DATE OF SERVICE: \(2024 + rng.int(2))-\(String(format: "%02d", 1 + rng.int(12)))-\(String(format: "%02d", 1 + rng.int(28)))\n"
        let dx = region == "cervical" ? rng.pick(["Cervical radiculopathy (M54.12)", "Cervical disc disorder with radiculopathy (M50.122)"])
            : rng.pick(["Lumbar radiculopathy (M54.16)", "Lumbosacral radiculopathy (M54.17)", "Lumbar spinal stenosis with neurogenic claudication (M48.062)", "Disc herniation with radiculopathy (M51.16)"])
        s += "INDICATION: \(dx). "
        let weeks = 4 + rng.int(20)
        if rng.chance(0.85) { s += "Symptoms for \(weeks) weeks. " }
        if rng.chance(0.85) {
            s += rng.pick(["Failed \(4 + rng.int(8)) weeks of physical therapy and NSAIDs. ", "She completed a course of physical therapy and gabapentin without relief. ",
                           "He has done home exercises and chiropractic care for two months with little benefit. "])
        } else if rng.chance(0.5) {
            s += "She has not tried physical therapy. "
        }
        if rng.chance(0.9) { s += "Pain is \(5 + rng.int(5))/10 today. " }
        s += rng.pick(["No fever, no new weakness. ", "Denies bowel or bladder incontinence. ", "No history of diabetes. ", ""])
        s += "\n\n"
        s += "\(rng.pick(["TECHNIQUE:", "DESCRIPTION OF PROCEDURE:", "PROCEDURE DETAILS:"])) \(boilerplate()) "
        s += "The skin and subcutaneous tissue were anesthetized with \(anesthetic()). "
        let device = approach == "transforaminal" ? "a 22-gauge 3.5-inch spinal needle" : "a 20-gauge Tuohy needle"
        switch approach {
        case "interlaminar":
            s += "Under \(imaging) guidance \(device) was advanced at \(levels[0]) and the epidural space was entered using loss of resistance to saline. "
        case "caudal":
            s += "The sacral hiatus was identified under \(imaging) guidance and \(device) was advanced into the caudal epidural space. "
        default:
            s += "Under \(imaging) guidance \(device) was advanced to the \(side == "bilateral" ? "" : side + " ")\(levels.joined(separator: " and ")) neural foramen\(levels.count > 1 ? "a" : "")\(side == "bilateral" ? " on both sides" : ""). "
        }
        if rng.chance(0.85) { s += rng.pick(["AP and lateral views confirmed needle position. ", "Needle position was confirmed in AP and contralateral oblique views. ", "AP view confirmed the needle tip. "]) }
        if rng.chance(0.8) { s += rng.pick(["Omnipaque 240, 1 mL, showed epidural spread without vascular uptake. ", "Isovue-M 200 1.5 mL outlined the nerve root with no intravascular pattern. "]) }
        else if rng.chance(0.5) { s += "No contrast was used due to a documented contrast allergy. " }
        s += "After negative aspiration, \(steroid()) with \(anesthetic()) was injected\(levels.count > 1 ? " at each level" : ""). "
        if rng.chance(0.8) { s += rng.pick(["Images were saved to PACS. ", "Representative images were stored in the record. ", "Images archived. "]) }
        s += "The needle was removed and a bandage applied. \(boilerplate())\n\n"
        s += "COMPLICATIONS: \(rng.pick(["None.", "None apparent.", "No immediate complications.", "Mild vasovagal reaction that resolved with rest."]))\n"
        if rng.chance(0.9) { s += "The patient tolerated the procedure well and was discharged in stable condition. Post-procedure pain \(rng.int(4))/10.\n" }
        // Pad to 1.5–3 KB with more narrative.
        let target = 1500 + rng.int(1500)
        while s.utf8.count < target - 200 { s += boilerplate() + "\n" }
        if rng.chance(0.92) { s += "\nElectronically signed by \(rng.pick(Self.physicians))\n" } else { s += "\nDictated but not read.\n" }
        return s
    }

    /// One JSONL line for a generated note.
    public mutating func nextJSONL() -> [UInt8] {
        let (id, text) = next()
        var w = JSONWriter()
        w.raw("{"); w.key("id"); w.string(id); w.comma(); w.key("text"); w.string(text); w.raw("}\n")
        return w.bytes
    }
}
