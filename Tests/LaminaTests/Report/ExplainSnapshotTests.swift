import Foundation
import Testing
@testable import Lamina

/// Stage dumps of a shipped sample note, checked against snapshot files. Re-record with
/// `LAMINA_RECORD=1 swift test --filter ExplainSnapshot`.
@Suite("Explain snapshots")
struct ExplainSnapshotTests {
    @Test(arguments: ["sections", "mentions", "context", "elements"])
    func snapshot(_ stage: String) throws {
        let text = try String(contentsOfFile: Support.path("corpora/samples/l4-l5-ilesi.txt"), encoding: .utf8)
        let d = Support.document(text)
        let dump = Explain.dump(stage: stage, document: d, analyzer: Support.analyzer)
        let file = Support.path("Tests/LaminaTests/Snapshots/explain-\(stage).txt")
        if ProcessInfo.processInfo.environment["LAMINA_RECORD"] != nil || !FileManager.default.fileExists(atPath: file) {
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try dump.write(toFile: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: file, encoding: .utf8)
        #expect(dump == expected, "explain --stage \(stage) changed; re-record with LAMINA_RECORD=1 if intended")
    }
}
