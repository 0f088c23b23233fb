/// A `Decoder` over an already parsed `JSONValue`, for the policy files. Struct keys are
/// looked up as written and then in snake_case (`effectiveFrom` → `effective_from`);
/// dictionary keys are kept as they are, as `JSONDecoder` does with `.convertFromSnakeCase`.
///
/// Foundation's `JSONDecoder` asks the runtime for protocol conformances while decoding,
/// and in a statically linked binary the first such lookups scan every conformance record:
/// about a millisecond and a half of a 14 ms `lint`. Errors are the same `DecodingError`
/// cases with the same coding paths, so messages point at the same place.
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ value: JSONValue, codingPath: [any CodingKey] = []) {
        self.value = value
        self.codingPath = codingPath
    }

    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: JSONValueDecoder(value))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let kv) = value else {
            throw JSONValueDecoder.mismatch([String: Any].self, value, codingPath)
        }
        return KeyedDecodingContainer(Keyed<Key>(kv: kv, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let xs) = value else {
            throw JSONValueDecoder.mismatch([Any].self, value, codingPath)
        }
        return Unkeyed(xs: xs, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(value: value, codingPath: codingPath) }

    static func kind(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    static func mismatch(_ type: Any.Type, _ v: JSONValue, _ path: [any CodingKey]) -> DecodingError {
        if v.isNull {
            return .valueNotFound(type, .init(codingPath: path, debugDescription: "expected \(type) but found null"))
        }
        return .typeMismatch(type, .init(codingPath: path, debugDescription: "expected \(type) but found \(kind(v))"))
    }

    /// The scalars of a JSON document, typed (no dynamic casts).
    static func string(_ type: String.Type, _ v: JSONValue, _ path: [any CodingKey]) throws -> String {
        if case .string(let x) = v { return x }
        throw mismatch(type, v, path)
    }
    static func bool(_ type: Bool.Type, _ v: JSONValue, _ path: [any CodingKey]) throws -> Bool {
        if case .bool(let x) = v { return x }
        throw mismatch(type, v, path)
    }
    static func integer<T: FixedWidthInteger>(_ type: T.Type, _ v: JSONValue, _ path: [any CodingKey]) throws -> T {
        if case .number(let d) = v, let x = T(exactly: d) { return x }
        throw mismatch(type, v, path)
    }
    static func floating<T: BinaryFloatingPoint>(_ type: T.Type, _ v: JSONValue, _ path: [any CodingKey]) throws -> T {
        if case .number(let d) = v { return T(d) }
        throw mismatch(type, v, path)
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init(intValue: Int) { self.stringValue = "Index \(intValue)"; self.intValue = intValue }
    }

    struct Keyed<K: CodingKey>: KeyedDecodingContainerProtocol {
        let kv: [(String, JSONValue)]
        let codingPath: [any CodingKey]
        var allKeys: [K] { kv.compactMap { K(stringValue: $0.0) } }

        func lookup(_ key: K) -> JSONValue? {
            if let v = kv.first(where: { $0.0 == key.stringValue })?.1 { return v }
            let snake = PolicyLoader.snake(key.stringValue)
            return kv.first { $0.0 == snake }?.1
        }
        func require(_ key: K) throws -> JSONValue {
            guard let v = lookup(key) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for key '\(key.stringValue)'"))
            }
            return v
        }
        func contains(_ key: K) -> Bool { lookup(key) != nil }
        func decodeNil(forKey key: K) throws -> Bool { lookup(key)?.isNull ?? true }
        func decode(_ type: Bool.Type, forKey key: K) throws -> Bool { try JSONValueDecoder.bool(type, require(key), codingPath + [key]) }
        func decode(_ type: String.Type, forKey key: K) throws -> String { try JSONValueDecoder.string(type, require(key), codingPath + [key]) }
        func decode(_ type: Int.Type, forKey key: K) throws -> Int { try JSONValueDecoder.integer(type, require(key), codingPath + [key]) }
        func decode(_ type: Double.Type, forKey key: K) throws -> Double { try JSONValueDecoder.floating(type, require(key), codingPath + [key]) }
        func decode(_ type: Float.Type, forKey key: K) throws -> Float { try JSONValueDecoder.floating(type, require(key), codingPath + [key]) }
        func decode(_ type: Int8.Type, forKey key: K) throws -> Int8 { try JSONValueDecoder.integer(type, require(key), codingPath + [key]) }
        func decode(_ type: Int16.Type, forKey key: K) throws -> Int16 { try JSONValueDecoder.integer(type, require(key), codingPath + [key]) }
        func decode(_ type: Int32.Type, forKey key: K) throws -> Int32 { try JSONValueDecoder.integer(type, require(key), codingPath + [key]) }
        func decode(_ type: Int64.Type, forKey key: K) throws -> Int64 { try JSONValueDecoder.integer(type, require(key), codingPath + [key]) }
        func decode(_ type: UInt.Type, forKey key: K) throws -> UInt { try JSONValueDecoder.integer(type, require(key), codingPath + [key]) }
        func decode(_ type: UInt8.Type, forKey key: K) throws -> UInt8 { try JSONValueDecoder.integer(type, require(key), codingPath + [key]) }
        func decode(_ type: UInt16.Type, forKey key: K) throws -> UInt16 { try JSONValueDecoder.integer(type, require(key), codingPath + [key]) }
        func decode(_ type: UInt32.Type, forKey key: K) throws -> UInt32 { try JSONValueDecoder.integer(type, require(key), codingPath + [key]) }
        func decode(_ type: UInt64.Type, forKey key: K) throws -> UInt64 { try JSONValueDecoder.integer(type, require(key), codingPath + [key]) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: K) throws -> T {
            try T(from: JSONValueDecoder(require(key), codingPath: codingPath + [key]))
        }
        func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: K) throws -> KeyedDecodingContainer<N> {
            try JSONValueDecoder(require(key), codingPath: codingPath + [key]).container(keyedBy: type)
        }
        func nestedUnkeyedContainer(forKey key: K) throws -> any UnkeyedDecodingContainer {
            try JSONValueDecoder(require(key), codingPath: codingPath + [key]).unkeyedContainer()
        }
        func superDecoder() throws -> any Decoder { JSONValueDecoder(.object(kv), codingPath: codingPath) }
        func superDecoder(forKey key: K) throws -> any Decoder { try JSONValueDecoder(require(key), codingPath: codingPath + [key]) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let xs: [JSONValue]
        let codingPath: [any CodingKey]
        var currentIndex = 0
        var count: Int? { xs.count }
        var isAtEnd: Bool { currentIndex >= xs.count }

        init(xs: [JSONValue], codingPath: [any CodingKey]) { self.xs = xs; self.codingPath = codingPath }

        mutating func next() throws -> (JSONValue, [any CodingKey]) {
            let path = codingPath + [Key(intValue: currentIndex)]
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(Any.self, .init(codingPath: path, debugDescription: "unkeyed container is at end"))
            }
            defer { currentIndex += 1 }
            return (xs[currentIndex], path)
        }
        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, xs[currentIndex].isNull else { return false }
            currentIndex += 1
            return true
        }
        mutating func decode(_ type: Bool.Type) throws -> Bool { let (v, p) = try next(); return try JSONValueDecoder.bool(type, v, p) }
        mutating func decode(_ type: String.Type) throws -> String { let (v, p) = try next(); return try JSONValueDecoder.string(type, v, p) }
        mutating func decode(_ type: Int.Type) throws -> Int { let (v, p) = try next(); return try JSONValueDecoder.integer(type, v, p) }
        mutating func decode(_ type: Double.Type) throws -> Double { let (v, p) = try next(); return try JSONValueDecoder.floating(type, v, p) }
        mutating func decode(_ type: Float.Type) throws -> Float { let (v, p) = try next(); return try JSONValueDecoder.floating(type, v, p) }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { let (v, p) = try next(); return try JSONValueDecoder.integer(type, v, p) }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { let (v, p) = try next(); return try JSONValueDecoder.integer(type, v, p) }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { let (v, p) = try next(); return try JSONValueDecoder.integer(type, v, p) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { let (v, p) = try next(); return try JSONValueDecoder.integer(type, v, p) }
        mutating func decode(_ type: UInt.Type) throws -> UInt { let (v, p) = try next(); return try JSONValueDecoder.integer(type, v, p) }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { let (v, p) = try next(); return try JSONValueDecoder.integer(type, v, p) }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { let (v, p) = try next(); return try JSONValueDecoder.integer(type, v, p) }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { let (v, p) = try next(); return try JSONValueDecoder.integer(type, v, p) }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { let (v, p) = try next(); return try JSONValueDecoder.integer(type, v, p) }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (v, p) = try next()
            return try T(from: JSONValueDecoder(v, codingPath: p))
        }
        mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type) throws -> KeyedDecodingContainer<N> {
            let (v, p) = try next()
            return try JSONValueDecoder(v, codingPath: p).container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let (v, p) = try next()
            return try JSONValueDecoder(v, codingPath: p).unkeyedContainer()
        }
        mutating func superDecoder() throws -> any Decoder {
            let (v, p) = try next()
            return JSONValueDecoder(v, codingPath: p)
        }
    }

    struct Single: SingleValueDecodingContainer {
        let value: JSONValue
        let codingPath: [any CodingKey]
        func decodeNil() -> Bool { value.isNull }
        func decode(_ type: Bool.Type) throws -> Bool { try JSONValueDecoder.bool(type, value, codingPath) }
        func decode(_ type: String.Type) throws -> String { try JSONValueDecoder.string(type, value, codingPath) }
        func decode(_ type: Int.Type) throws -> Int { try JSONValueDecoder.integer(type, value, codingPath) }
        func decode(_ type: Double.Type) throws -> Double { try JSONValueDecoder.floating(type, value, codingPath) }
        func decode(_ type: Float.Type) throws -> Float { try JSONValueDecoder.floating(type, value, codingPath) }
        func decode(_ type: Int8.Type) throws -> Int8 { try JSONValueDecoder.integer(type, value, codingPath) }
        func decode(_ type: Int16.Type) throws -> Int16 { try JSONValueDecoder.integer(type, value, codingPath) }
        func decode(_ type: Int32.Type) throws -> Int32 { try JSONValueDecoder.integer(type, value, codingPath) }
        func decode(_ type: Int64.Type) throws -> Int64 { try JSONValueDecoder.integer(type, value, codingPath) }
        func decode(_ type: UInt.Type) throws -> UInt { try JSONValueDecoder.integer(type, value, codingPath) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try JSONValueDecoder.integer(type, value, codingPath) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try JSONValueDecoder.integer(type, value, codingPath) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try JSONValueDecoder.integer(type, value, codingPath) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try JSONValueDecoder.integer(type, value, codingPath) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: JSONValueDecoder(value, codingPath: codingPath)) }
    }
}
