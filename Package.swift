// swift-tools-version:6.0
// lamina: documentation audit of epidural steroid injection notes.
// No package dependencies: the Swift toolchain only.
import PackageDescription

let package = Package(
    name: "lamina",
    products: [
        .executable(name: "lamina", targets: ["lamina"]),
        .library(name: "Lamina", targets: ["Lamina"]),
    ],
    targets: [
        // Build tool that turns lexicons/ into Swift source compiled into the library.
        .executableTarget(name: "LexiconEmbedder", path: "Sources/LexiconEmbedder"),
        .plugin(
            name: "EmbedLexicons",
            capability: .buildTool(),
            dependencies: ["LexiconEmbedder"],
            path: "Sources/EmbedLexiconsPlugin"
        ),
        // The system SQLite for the session ledger (libsqlite3-dev; still no package dependency).
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "Lamina",
            dependencies: ["CSQLite"],
            path: "Sources/Lamina",
            plugins: ["EmbedLexicons"]
        ),
        .executableTarget(name: "lamina", dependencies: ["Lamina"], path: "Sources/lamina"),
        .testTarget(name: "LaminaTests", dependencies: ["Lamina", "lamina", "CSQLite"], path: "Tests/LaminaTests", exclude: ["Snapshots"]),
    ],
    swiftLanguageModes: [.v5]
)
