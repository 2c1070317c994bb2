import FindingsCollector
import Foundation
import HTTP

enum StatusCommand: Subcommand {
    static let name = "status"
    static let summary = "per connector: counters of the running daemon, or saved cursors from the state directory"
    static let valuedOptions: Set<String> = LogOptions.valued.union(["config"])
    static let help = """
    Usage: findings-collector status --config FILE [--log-level LEVEL] [--log-format logfmt|json]

    Prints what each connector of FILE has done. The first line says where it comes from:
      running daemon    when metrics.listen is set and the daemon answers there (GET /metrics): findings
                        pulled, sent, filtered, shed, deferred, failed; API requests by status; the last
                        successful pass; the destination's queue depth; how far each region's cursor lags.
      state directory   otherwise (daemon stopped, or no metrics.listen): each region's saved cursor and
                        its age, and whether a window is in progress (its delivery journal exists).
    Exit 0; 2 when FILE is not a valid config (its problems are logged to stderr).
    \(LogOptions.help)
    """

    static func run(_ arguments: CommandArguments) async throws -> Int32 {
        try arguments.rejectUnknownFlags(allowed: [])
        let path = try arguments.required("config")
        guard let config = ConfigFile.load(path, logger: try LogOptions.logger(arguments)) else { return 2 }
        let now = Date()
        var fallbackReason = "metrics.listen is not configured"
        if let listen = config.metricsListen {
            let url = metricsURL(host: listen.host, port: listen.port)
            switch await scrape(url) {
            case .success(let metrics):
                print("source: running daemon (\(url))")
                for connector in config.connectors {
                    print(daemonStatus(connector, destination: config.destination(for: connector), metrics: metrics, now: now))
                }
                return 0
            case .failure(let problem):
                fallbackReason = "no daemon answered at \(url): \(problem)"
            }
        }
        print("source: state directory \(config.stateDirectory) (\(fallbackReason))")
        if !FileManager.default.fileExists(atPath: config.stateDirectory) {
            print("note: \(config.stateDirectory) does not exist yet (no pass has run, or another state_dir is in use)")
        }
        let store = CheckpointStore(directory: config.stateDirectory)
        for connector in config.connectors {
            print(savedStatus(connector, store: store, now: now))
        }
        return 0
    }

    static func metricsURL(host: String, port: Int) -> String {
        "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/metrics"
    }

    /// The daemon's metrics, or why they could not be had. Never through a proxy: the endpoint is on loopback.
    static func scrape(_ url: String) async -> Result<ScrapedMetrics, ScrapeProblem> {
        let client = HTTPClient(settings: HTTPClientSettings(connectTimeout: 2, requestTimeout: 5, proxy: ""))
        defer { client.shutdown() }
        do {
            let response = try await client.send(HTTPRequest(method: "GET", url: url))
            guard response.status == 200 else { return .failure(ScrapeProblem(detail: "HTTP status \(response.status)")) }
            let metrics = ScrapedMetrics(text: String(decoding: response.body, as: UTF8.self))
            guard metrics.samples.contains(where: { $0.name.hasPrefix("findings_collector_") }) else {
                return .failure(ScrapeProblem(detail: "the answer has no findings_collector metrics"))
            }
            return .success(metrics)
        } catch {
            return .failure(ScrapeProblem(detail: "\(error)"))
        }
    }

    struct ScrapeProblem: Error, CustomStringConvertible {
        let detail: String
        var description: String { detail }
    }

    static func daemonStatus(_ connector: ConnectorConfig, destination: DestinationConfig?, metrics: ScrapedMetrics,
                             now: Date) -> String {
        let own = ["connector": connector.name]
        // Families with a label beyond connector (shed by severity, filtered by rule) have no series until their
        // first event; the connector is known to the daemon (checked below), so no series means 0.
        func count(_ family: String) -> String {
            metrics.sum("findings_collector_\(family)", own).map(whole) ?? "0"
        }
        var lines = ["\(connector.name) → \(connector.destination)"]
        guard metrics.samples.contains(where: { $0.labels["connector"] == connector.name }) else {
            lines.append("  not running in the daemon (added to the config since it started? `systemctl reload` it)")
            return lines.joined(separator: "\n")
        }
        lines.append("  findings   pulled \(count("findings_pulled_total")), sent \(count("findings_sent_total")), "
                     + "filtered \(count("findings_filtered_total")), shed \(count("findings_shed_total")), "
                     + "deferred \(count("findings_deferred_total")), failed \(count("findings_failed_total"))")
        let byStatus = metrics.series("findings_collector_api_requests_total", own)
            .sorted { ($0.labels["status"] ?? "") < ($1.labels["status"] ?? "") }
            .map { "\($0.labels["status"] ?? "?"): \(whole($0.value))" }
        lines.append("  api        requests \(count("api_requests_total"))"
                     + (byStatus.isEmpty ? "" : " (\(byStatus.joined(separator: ", ")))")
                     + ", retries \(count("api_retries_total")), throttles \(count("api_throttles_total"))")
        if let last = metrics.sum("findings_collector_last_success_timestamp_seconds", own) {
            let date = Date(timeIntervalSince1970: last)
            lines.append("  last pass  succeeded \(timestamp(date)) (\(age(now.timeIntervalSince(date))) ago)")
        } else {
            lines.append("  last pass  no successful pass yet")
        }
        if let depth = metrics.sum("findings_collector_queue_depth_records", ["destination": connector.destination]) {
            lines.append("  queue      \(whole(depth)) record(s) waiting for \(connector.destination)"
                         + (destination.map { " (at most \($0.capacity.maxQueuedRecords))" } ?? ""))
        }
        for region in connector.scopes {
            let lag = metrics.sum("findings_collector_cursor_age_seconds", ["connector": connector.name, "region": region])
            lines.append("  \(region.padding(toLength: 10, withPad: " ", startingAt: 0)) "
                         + (lag.map { "cursor \(age($0)) behind" } ?? "no cursor yet"))
        }
        return lines.joined(separator: "\n")
    }

    static func savedStatus(_ connector: ConnectorConfig, store: CheckpointStore, now: Date) -> String {
        var lines = ["\(connector.name) → \(connector.destination)"]
        for region in connector.scopes {
            let label = "  \(region.padding(toLength: 10, withPad: " ", startingAt: 0)) "
            let folder = "\(store.directory)/cursors/\(connector.name)"
            // A journal spanning no time only carries keys over a finished sub-window's bound.
            let journal = DeliveryJournal.window(at: "\(folder)/\(region).delivered")
            let window = journal.map { $0.end > $0.start } ?? false ? "; window in progress (delivery journal present)" : ""
            do {
                guard let cursor = try store.cursor(connector: connector.name, region: region) else {
                    lines.append(label + "no cursor yet: the first pass pulls the last "
                                 + "\(whole(connector.initialLookbackHours)) h" + window)
                    continue
                }
                let date = Date(timeIntervalSince1970: cursor)
                var line = label + "cursor \(timestamp(date)) (\(age(now.timeIntervalSince(date))) old)"
                if let saved = savedAt("\(folder)/\(region).json") {
                    line += ", saved \(age(now.timeIntervalSince(saved))) ago"
                }
                lines.append(line + window)
            } catch {
                lines.append(label + "\(error)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// When the cursor file was written (`saved_at`), if it says.
    private static func savedAt(_ path: String) -> Date? {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let seconds = object["saved_at"] as? Double else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    private static func whole(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// "45s", "12m 5s", "3h 20m", "2d 4h": as precise as an operator needs at a glance.
    static func age(_ seconds: TimeInterval) -> String {
        let total = Int(max(0, seconds).rounded())
        let (days, hours, minutes, rest) = (total / 86_400, total % 86_400 / 3600, total % 3600 / 60, total % 60)
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        if minutes > 0 { return "\(minutes)m \(rest)s" }
        return "\(rest)s"
    }
}
