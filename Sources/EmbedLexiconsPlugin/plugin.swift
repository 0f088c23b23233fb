import Foundation
import PackagePlugin

/// Compiles every file under `lexicons/` into the Lamina library, so the release
/// binary runs when copied anywhere (`--lexicons DIR` still overrides at run time).
@main
struct EmbedLexicons: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let dir = context.package.directoryURL.appending(path: "lexicons")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        var inputs = names.filter { !$0.hasPrefix(".") }.sorted().map { dir.appending(path: $0) }
        // Payer policies live one folder down: lexicons/policies/ID.json.
        let policies = dir.appending(path: "policies")
        let policyNames = (try? FileManager.default.contentsOfDirectory(atPath: policies.path)) ?? []
        inputs += policyNames.filter { $0.hasSuffix(".json") }.sorted().map { policies.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedLexicons.swift")
        return [
            .buildCommand(
                displayName: "Embedding lexicons",
                executable: try context.tool(named: "LexiconEmbedder").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
