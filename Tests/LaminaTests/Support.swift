import Foundation
import Testing
@testable import Lamina

/// Shared helpers: one analyzer for every test, paths to the package and to ../shared.
enum Support {
    static let analyzer = Analyzer()

    static func analyze(_ text: String, id: String = "t") -> Assessment { analyzer.analyze(Note(id: id, text: text)) }
    static func facts(_ text: String) -> Facts { analyze(text).facts }
    static func document(_ text: String) -> Document { analyzer.document(Note(id: "t", text: text)) }

    /// The package root (this file is Tests/LaminaTests/Support.swift).
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ rel: String) -> String { root.appendingPathComponent(rel).path }

    /// `../shared/acceptance/notes.jsonl` when the folder exists beside the clone.
    static var acceptance: String? {
        let p = root.deletingLastPathComponent().appendingPathComponent("shared/acceptance/notes.jsonl").path
        return FileManager.default.fileExists(atPath: p) ? p : nil
    }

    /// A one-line ESI title that the fact tests put in front of the text they exercise.
    static let esi = "PROCEDURE: L5-S1 interlaminar epidural steroid injection under fluoroscopy.\n"

    static func status(_ a: Assessment, _ element: String) -> ElementStatus? { a.findings.first { $0.element == element }?.status }
}
