import Foundation
import Lamina

/// One command-line option: `--name VALUE` or a `--name` switch.
struct Flag {
    let name: String
    let value: String?        // placeholder for the value; nil for a switch
    let help: String
    var defaultValue: String? = nil
    var choices: [String]? = nil
}

/// A subcommand with its flag table; help text is generated from the table.
struct Command {
    let name: String
    let summary: String
    let usage: String
    let arguments: [(String, String)]
    let flags: [Flag]
    let discussion: String
    let run: (Parsed) -> Int32

    var help: String {
        var s = "OVERVIEW: \(summary)\n\nUSAGE: \(usage)\n"
        if !arguments.isEmpty {
            s += "\nARGUMENTS:\n"
            for (a, h) in arguments { s += "  " + a.padding(toLength: 22, withPad: " ", startingAt: 0) + " " + h + "\n" }
        }
        s += "\nOPTIONS:\n"
        for f in flags + [Flag(name: "help", value: nil, help: "Show this help.")] {
            var left = "--\(f.name)"
            if let v = f.value { left += " \(v)" }
            var h = f.help
            if let c = f.choices { h += " (\(c.joined(separator: "|")))" }
            if let d = f.defaultValue { h += " (default: \(d))" }
            s += "  " + left.padding(toLength: 22, withPad: " ", startingAt: 0) + " " + h + "\n"
        }
        if !discussion.isEmpty { s += "\n" + discussion + "\n" }
        return s
    }
}

struct Parsed {
    var values: [String: String] = [:]
    var switches: Set<String> = []
    var positionals: [String] = []
    func value(_ k: String) -> String? { values[k] }
    func has(_ k: String) -> Bool { switches.contains(k) }
}

struct UsageError: Error { let message: String }

extension Command {
    func parse(_ args: [String]) throws -> Parsed {
        var p = Parsed()
        var i = 0
        var onlyPositionals = false
        while i < args.count {
            let a = args[i]
            i += 1
            if onlyPositionals || a == "-" || !a.hasPrefix("-") { p.positionals.append(a); continue }
            if a == "--" { onlyPositionals = true; continue }
            var name = a.hasPrefix("--") ? String(a.dropFirst(2)) : String(a.dropFirst(1))
            var inline: String?
            if let eq = name.firstIndex(of: "=") { inline = String(name[name.index(after: eq)...]); name = String(name[..<eq]) }
            if name == "help" || name == "h" { p.switches.insert("help"); continue }
            guard let f = flags.first(where: { $0.name == name }) else {
                let hint = closest(name, flags.map(\.name) + ["help"]).map { " (did you mean '--\($0)'?)" } ?? ""
                throw UsageError(message: "unknown option '\(a)'\(hint)")
            }
            if f.value == nil {
                guard inline == nil else { throw UsageError(message: "option '--\(name)' takes no value") }
                p.switches.insert(name)
                continue
            }
            let v: String
            if let x = inline { v = x } else {
                guard i < args.count else { throw UsageError(message: "option '--\(name)' needs a value \(f.value!)") }
                v = args[i]; i += 1
            }
            if let c = f.choices, !c.contains(v) {
                let hint = closest(v, c).map { " (did you mean '\($0)'?)" } ?? ""
                throw UsageError(message: "'\(v)' is not a valid value for '--\(name)': choose one of \(c.joined(separator: ", "))\(hint)")
            }
            p.values[name] = v
        }
        for f in flags where p.values[f.name] == nil { if let d = f.defaultValue, f.value != nil { p.values[f.name] = d } }
        return p
    }
}

/// The closest candidate by edit distance, if close enough.
func closest(_ s: String, _ candidates: [String]) -> String? {
    func dist(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count), cur = prev
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count { cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)) }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
    let a = Array(s)
    guard let best = candidates.min(by: { dist(a, Array($0)) < dist(a, Array($1)) }) else { return nil }
    return dist(a, Array(best)) <= max(2, a.count / 3) ? best : nil
}
