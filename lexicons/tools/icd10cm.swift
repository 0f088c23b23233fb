// Rebuilds lexicons/icd10cm.tsv from the public CDC ICD-10-CM files.
//
//   swift lexicons/tools/icd10cm.swift ORDER.txt TABULAR.xml lexicons/tools/icd10cm-changes.tsv > lexicons/icd10cm.tsv
//
// ORDER.txt is the CDC "order" file (icd10cm-order-*.txt: fixed columns, code at 7-13,
// billable flag at 15, long descriptor from 78), TABULAR.xml the CDC tabular file
// (icd10cm_tabular_*.xml) for the Excludes1 notes. Only the categories in `scope` are
// kept. Regions and coverage classes are derived by the rules below, not by hand.
import Foundation

let args = CommandLine.arguments
guard args.count == 4 else {
    FileHandle.standardError.write(Data("usage: icd10cm.swift ORDER.txt TABULAR.xml CHANGES.tsv\n".utf8))
    exit(2)
}
let scope = ["B02", "G54", "G55", "G57", "G89", "M40", "M41", "M42", "M43", "M45", "M46", "M47", "M48",
             "M49", "M50", "M51", "M53", "M54", "M79.2", "M96", "M99"]
func inScope(_ c: String) -> Bool { scope.contains { c.hasPrefix($0) } }
func dotted(_ raw: String) -> String { raw.count > 3 ? String(raw.prefix(3)) + "." + String(raw.dropFirst(3)) : raw }

struct Code { var code: String; var billable: Bool; var from = "-"; var billableUntil = "-"; var desc: String; var excludes: [String] = [] }
var codes: [String: Code] = [:]
var order: [String] = []

// 1. Codes, billable flags and descriptors.
let orderText = try String(contentsOfFile: args[1], encoding: .utf8)
for line in orderText.split(whereSeparator: \.isNewline) {
    let l = Array(line)
    guard l.count > 77 else { continue }
    let code = dotted(String(l[6..<13]).trimmingCharacters(in: .whitespaces))
    guard inScope(code) else { continue }
    let desc = String(l[77...]).trimmingCharacters(in: .whitespacesAndNewlines)
    codes[code] = Code(code: code, billable: l[14] == "1", desc: desc)
    order.append(code)
}

// 2. Excludes1 notes: the codes in parentheses, "-" marking "and its children".
let xml = try String(contentsOfFile: args[2], encoding: .utf8)
var current: String?
var inExcludes1 = false
for raw in xml.split(whereSeparator: \.isNewline) {
    let line = raw.trimmingCharacters(in: .whitespaces)
    if line.hasPrefix("<name>") {
        current = line.replacingOccurrences(of: "<name>", with: "").replacingOccurrences(of: "</name>", with: "")
    } else if line == "<excludes1>" { inExcludes1 = true }
    else if line == "</excludes1>" { inExcludes1 = false }
    else if inExcludes1, line.hasPrefix("<note>"), let c = current, codes[c] != nil {
        // "(M51.1-)", "(M50-M51)", "(M47.2-)": every code or range in parentheses.
        var i = line.startIndex
        while let open = line[i...].firstIndex(of: "("), let close = line[open...].firstIndex(of: ")") {
            for part in line[line.index(after: open)..<close].split(separator: ",") {
                let p = part.trimmingCharacters(in: .whitespaces)
                if p.first?.isLetter == true && p.count >= 3 { codes[c]!.excludes.append(p) }
            }
            i = line.index(after: close)
        }
    }
}

// 3. Later releases.
let changes = try String(contentsOfFile: args[3], encoding: .utf8)
for line in changes.split(separator: "\n") where !line.hasPrefix("#") {
    let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    guard f.count == 4 else { continue }
    switch f[0] {
    case "add":
        codes[f[1]] = Code(code: f[1], billable: true, from: f[2], desc: f[3])
        order.append(f[1])
    case "header":
        // Last billable day: the day before the change.
        let d = DateFormatter()
        d.locale = Locale(identifier: "en_US_POSIX")
        d.timeZone = TimeZone(identifier: "UTC")
        d.dateFormat = "yyyy-MM-dd"
        let until = d.string(from: d.date(from: f[2])!.addingTimeInterval(-86400))
        codes[f[1]]!.billable = false
        codes[f[1]]!.billableUntil = until
    case "excludes":
        codes[f[1]]!.excludes.append(contentsOf: f[3].split(separator: ",").map(String.init))
    default: break
    }
}

// 4. Region and coverage class, by rule.
func region(_ c: Code) -> String {
    let d = c.desc.lowercased()
    if c.code.hasPrefix("G54.0") { return "cervical" }
    if c.code.hasPrefix("G54.1") || c.code.hasPrefix("G54.4") { return "lumbosacral" }
    if d.contains("site unspecified") || d.contains("multiple sites") { return "none" }
    let rules: [(String, String)] = [
        ("cervicothoracic", "cervicothoracic"), ("thoracolumbar", "thoracolumbar"), ("lumbosacral", "lumbosacral"),
        ("occipito-atlanto-axial", "cervical"), ("sacral and sacrococcygeal", "sacral"), ("cervical", "cervical"),
        ("cervicalgia", "cervical"), ("thoracic", "thoracic"), ("lumbar", "lumbar"), ("sciatica", "lumbar"),
        ("low back", "lumbar"), ("lumbago", "lumbar"),
    ]
    for (k, v) in rules where d.contains(k) { return v }
    return "none"
}
func coverage(_ c: Code) -> String {
    let x = c.code
    if ["M54.50", "M54.9", "M54.10", "M54.89", "M53.9"].contains(x) { return "nonspecific" }
    if x.hasPrefix("M54.5") || x == "M54.2" || x == "M54.6" || x.hasPrefix("M47.81") || x == "M51.360" || x == "M51.370" { return "axial" }
    if x.hasPrefix("M54.1") || x.hasPrefix("M51.1") || x.hasPrefix("M50.1") || x.hasPrefix("M47.2") || x.hasPrefix("G54")
        || x.hasPrefix("M54.3") || x.hasPrefix("M54.4") || x.hasPrefix("M48.062") || x == "M96.1" || x.hasPrefix("B02")
        || x == "M51.361" || x == "M51.362" || x == "M51.371" || x == "M51.372" { return "radicular" }
    return "other"
}

var out = """
# ICD-10-CM codes in scope for epidural injection claims. GENERATED by lexicons/tools/icd10cm.swift; do not edit.
# Source: CDC ICD-10-CM FY2021 release (January 2021 order and tabular files, public domain),
# plus the changes through the CDC April 2026 release listed in lexicons/tools/icd10cm-changes.tsv.
# release: 2026-04-01
# code<TAB>billable<TAB>from<TAB>billable_until<TAB>region<TAB>class<TAB>excludes1<TAB>descriptor
#   from: first date of service the code is valid ("-" = before FY2021)
#   billable_until: for a header that was a leaf before, its last billable date
#   class: radicular | axial | nonspecific | other (coverage risk rules in docs/CLAIMS.md)

"""
for code in order {
    let c = codes[code]!
    out += [c.code, c.billable ? "yes" : "no", c.from, c.billableUntil, region(c), coverage(c),
            c.excludes.isEmpty ? "-" : c.excludes.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(separator: ","), c.desc].joined(separator: "\t") + "\n"
}
FileHandle.standardOutput.write(Data(out.utf8))
