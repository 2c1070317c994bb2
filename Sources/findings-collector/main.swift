import FindingsCollector
import Foundation

/// Exit codes: 0 success, 1 failure (a connector or a check failed), 2 bad usage or invalid config.
AllocatorTuning.keepFreedMemoryForReuse()
let words = Array(CommandLine.arguments.dropFirst())
let commands: [any Subcommand.Type] = [RunCommand.self, TestConnectorCommand.self, CheckConfigCommand.self,
                                       SimulateCommand.self, DemoCommand.self, StatusCommand.self]

@MainActor func printUsage() {
    var text = """
    findings-collector \(CollectorVersion.current): pulls vulnerability findings from cloud scanners and forwards them as syslog.

    Usage: findings-collector <command> [options]

    Commands:

    """
    for command in commands { text += "  \(command.name.padding(toLength: 16, withPad: " ", startingAt: 0))\(command.summary)\n" }
    text += "\nRun `findings-collector <command> --help` for a command's options. `--version` prints the version.\n"
    print(text, terminator: "")
}

guard let first = words.first, first != "--help", first != "-h", first != "help" else {
    printUsage()
    exit(0)
}
if first == "--version" || first == "-V" {
    print("findings-collector \(CollectorVersion.current)")
    exit(0)
}
guard let command = commands.first(where: { $0.name == first }) else {
    FileHandle.standardError.write(Data("findings-collector: unknown command \"\(first)\"; see --help\n".utf8))
    exit(2)
}
let rest = Array(words.dropFirst())
if rest.contains("--help") || rest.contains("-h") {
    print(command.help, terminator: "")
    exit(0)
}
do {
    let arguments = try CommandArguments(rest, valued: command.valuedOptions)
    exit(try await command.run(arguments))
} catch let error as UsageError {
    FileHandle.standardError.write(Data("findings-collector \(command.name): \(error)\n\n\(command.help)".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("findings-collector \(command.name): \(error)\n".utf8))
    exit(1)
}
