import CSQLite
import Foundation
import Testing
@testable import Lamina

/// The SQLite session ledger: idempotent recording, schema migration, and clear errors
/// for locked, corrupt and foreign files that lose nothing already recorded.
@Suite("Session ledger", .serialized)
struct LedgerTests {
    static func temp(_ name: String = "ledger.sqlite") throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("lamina-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d.appendingPathComponent(name).path
    }

    static func session(_ id: String, _ date: String, patient: String = "P1") -> Session {
        Session(patient: patient, encounter: id, date: date, day: DayNumber.parse(date)!, region: "lumbar", code: "62323", diagnoses: ["M54.17"])
    }

    static func raw(_ path: String, _ sql: String) {
        var db: OpaquePointer?
        sqlite3_open(path, &db)
        sqlite3_exec(db, sql, nil, nil, nil)
        sqlite3_close(db)
    }

    @Test func recordsSessionsAndCountsAnEncounterOnce() throws {
        let path = try Self.temp()
        do {
            let l = try Ledger(path: path)
            #expect(try l.record([Self.session("e1", "2025-01-02"), Self.session("e2", "2025-03-02")], source: "q1.csv") == 2)
            #expect(try l.record([Self.session("e2", "2025-03-02"), Self.session("e3", "2025-05-02")], source: "q2.csv") == 1)
        }
        let again = try Ledger(path: path)
        let all = try again.sessions()
        #expect(all.map(\.encounter) == ["e1", "e2", "e3"])
        #expect(all[0].diagnoses == ["M54.17"] && all[0].region == "lumbar" && all[0].code == "62323")
        #expect(try again.sessions(patients: ["P2"]).isEmpty)
    }

    @Test func migratesAVersionOneLedger() throws {
        let path = try Self.temp()
        Self.raw(path, """
            CREATE TABLE sessions(patient TEXT NOT NULL, encounter TEXT NOT NULL, date TEXT NOT NULL,
              region TEXT NOT NULL, code TEXT NOT NULL, PRIMARY KEY(patient, encounter));
            INSERT INTO sessions VALUES ('P1', 'old-1', '2024-11-05', 'lumbar', '62323');
            PRAGMA application_id = \(Ledger.applicationID); PRAGMA user_version = 1;
            """)
        let l = try Ledger(path: path)
        let s = try l.sessions()
        #expect(s.map(\.encounter) == ["old-1"])
        #expect(try l.record([Self.session("new-1", "2025-01-05")], source: "t") == 1)
        #expect(try l.sessions().count == 2)
    }

    @Test func aNewerSchemaIsRefused() throws {
        let path = try Self.temp()
        _ = try Ledger(path: path)
        Self.raw(path, "PRAGMA user_version = 9;")
        #expect { try Ledger(path: path) } throws: { ($0 as? LedgerError)?.message.contains("newer") == true }
    }

    @Test func aCorruptFileIsAClearErrorAndIsNotChanged() throws {
        let path = try Self.temp()
        let junk = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })
        try junk.write(to: URL(fileURLWithPath: path))
        #expect { try Ledger(path: path) } throws: { e in
            let m = (e as? LedgerError)?.description ?? ""
            return m.hasPrefix(path) && m.contains("not a SQLite database or damaged")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == junk)
    }

    @Test func anotherApplicationsDatabaseIsRefused() throws {
        let path = try Self.temp()
        Self.raw(path, "CREATE TABLE orders(id INTEGER);")
        #expect { try Ledger(path: path) } throws: { ($0 as? LedgerError)?.message.contains("not a lamina ledger") == true }
    }

    @Test func aLockedLedgerFailsWithoutLosingRecordedSessions() throws {
        let path = try Self.temp()
        let l = try Ledger(path: path, busyTimeoutMs: 50)
        try l.record([Self.session("e1", "2025-01-02")], source: "t")
        // Another process holds a write lock.
        var other: OpaquePointer?
        sqlite3_open(path, &other)
        defer { sqlite3_close(other) }
        #expect(sqlite3_exec(other, "BEGIN EXCLUSIVE", nil, nil, nil) == SQLITE_OK)
        #expect { try l.record([Self.session("e2", "2025-02-02")], source: "t") } throws: {
            ($0 as? LedgerError)?.message.contains("locked by another process") == true
        }
        sqlite3_exec(other, "ROLLBACK", nil, nil, nil)
        #expect(try l.sessions().map(\.encounter) == ["e1"])
        #expect(try l.record([Self.session("e2", "2025-02-02")], source: "t") == 1)
    }
}
