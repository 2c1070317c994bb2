/// One subcommand: its name, its help text, and what it does. Returns the process exit code.
protocol Subcommand {
    static var name: String { get }
    static var summary: String { get }
    static var help: String { get }
    static var valuedOptions: Set<String> { get }
    static func run(_ arguments: CommandArguments) async throws -> Int32
}
