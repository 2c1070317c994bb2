/// Parses Rapid7 search criteria into a `Rapid7CriteriaExpression` (grammar there). A failure names the
/// position and what was expected, like the API's "Your query string format is not valid" answers.
public struct Rapid7CriteriaParser {
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public var offset: Int
        public var message: String
        public var description: String { "at character \(offset): \(message)" }
    }

    private let characters: [Character]
    private var index = 0

    public static func parse(_ text: String) throws(SyntaxError) -> Rapid7CriteriaExpression {
        var parser = Rapid7CriteriaParser(characters: Array(text))
        let expression = try parser.orExpression()
        parser.skipSpace()
        guard parser.index == parser.characters.count else {
            throw parser.error("unexpected \"\(String(parser.characters[parser.index...]).prefix(20))\"")
        }
        return expression
    }

    private init(characters: [Character]) { self.characters = characters }

    private mutating func orExpression() throws(SyntaxError) -> Rapid7CriteriaExpression {
        var left = try andExpression()
        while consume("||") || consumeWord("OR") {
            left = .or(left, try andExpression())
        }
        return left
    }

    private mutating func andExpression() throws(SyntaxError) -> Rapid7CriteriaExpression {
        var left = try primary()
        while consume("&&") || consumeWord("AND") {
            left = .and(left, try primary())
        }
        return left
    }

    private mutating func primary() throws(SyntaxError) -> Rapid7CriteriaExpression {
        if consume("(") {
            let inner = try orExpression()
            guard consume(")") else { throw error("expected \")\"") }
            return inner
        }
        let field = identifier()
        guard !field.isEmpty else { throw error("expected a field name") }
        let op = try comparisonOperator()
        return .comparison(field: field, op: op, value: try value(for: op))
    }

    private mutating func comparisonOperator() throws(SyntaxError) -> Rapid7CriteriaExpression.Operator {
        for symbol in [">=", "<=", "!=", "=", ">", "<"] where consume(symbol) {
            return Rapid7CriteriaExpression.Operator(rawValue: symbol)!
        }
        if consumeWord("NOT") {
            guard consumeWord("IN") else { throw error("expected IN after NOT") }
            return .notIn
        }
        if consumeWord("IN") { return .in }
        if consumeWord("CONTAINS") { return .contains }
        throw error("expected an operator (=, !=, >, >=, <, <=, IN, NOT IN, CONTAINS)")
    }

    private mutating func value(for op: Rapid7CriteriaExpression.Operator) throws(SyntaxError) -> Rapid7CriteriaExpression.Value {
        skipSpace()
        if consume("[") {
            var items: [String] = []
            if consume("]") { return .list(items) }
            repeat {
                items.append(try scalar())
            } while consume(",")
            guard consume("]") else { throw error("expected \"]\" or \",\" in a list") }
            return .list(items)
        }
        return .text(try scalar())
    }

    /// A quoted literal ('…' or "…", backslash escapes) or a bare token (a number, an unquoted timestamp).
    private mutating func scalar() throws(SyntaxError) -> String {
        skipSpace()
        guard index < characters.count else { throw error("expected a value") }
        let quote = characters[index]
        if quote == "'" || quote == "\"" {
            index += 1
            var text = ""
            while index < characters.count, characters[index] != quote {
                if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                text.append(characters[index])
                index += 1
            }
            guard index < characters.count else { throw error("unterminated string") }
            index += 1
            return text
        }
        var text = ""
        while index < characters.count, !characters[index].isWhitespace, !",)]".contains(characters[index]) {
            text.append(characters[index])
            index += 1
        }
        guard !text.isEmpty else { throw error("expected a value") }
        return text
    }

    private mutating func identifier() -> String {
        skipSpace()
        var name = ""
        while index < characters.count, characters[index].isLetter || characters[index].isNumber
                || characters[index] == "_" || characters[index] == "." {
            name.append(characters[index])
            index += 1
        }
        return name
    }

    private mutating func skipSpace() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }

    private mutating func consume(_ symbol: String) -> Bool {
        skipSpace()
        let symbolCharacters = Array(symbol)
        guard index + symbolCharacters.count <= characters.count,
              Array(characters[index..<index + symbolCharacters.count]) == symbolCharacters else { return false }
        index += symbolCharacters.count
        return true
    }

    /// A keyword, case-insensitive, not followed by a name character.
    private mutating func consumeWord(_ word: String) -> Bool {
        skipSpace()
        let wordCharacters = Array(word)
        let end = index + wordCharacters.count
        guard end <= characters.count,
              String(characters[index..<end]).uppercased() == word,
              end == characters.count || !(characters[end].isLetter || characters[end].isNumber || characters[end] == "_") else {
            return false
        }
        index = end
        return true
    }

    private func error(_ message: String) -> SyntaxError { SyntaxError(offset: index, message: message) }
}
