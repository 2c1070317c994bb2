/// Renders a snapshot in the Prometheus text exposition format 0.0.4: per family a `# HELP` and a
/// `# TYPE` line, then one line per series; histograms as cumulative `_bucket{le=…}`, `_sum`, `_count`.
public enum PrometheusExposition {
    /// The Content-Type a scraper expects for this format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The whole exposition, ending with a newline.
    public static func render(_ families: [MetricFamilySnapshot]) -> String {
        var text = ""
        for family in families {
            let descriptor = family.descriptor
            text += "# HELP \(descriptor.name) \(escapeHelp(descriptor.help))\n"
            text += "# TYPE \(descriptor.name) \(descriptor.type.rawValue)\n"
            for (labels, value) in family.series {
                let pairs = Array(zip(descriptor.labelNames, labels.values))
                switch value {
                case .scalar(let number):
                    text += sample(descriptor.name, pairs, number)
                case .histogram(let counts):
                    text += histogramLines(descriptor, pairs, counts)
                }
            }
        }
        return text
    }

    private static func histogramLines(_ descriptor: MetricDescriptor, _ pairs: [(String, String)],
                                       _ counts: HistogramCounts) -> String {
        var text = ""
        let bounds = descriptor.buckets.map(formatValue) + ["+Inf"]
        for (bound, cumulative) in zip(bounds, counts.cumulativeCounts) {
            text += sample(descriptor.name + "_bucket", pairs + [("le", bound)], Double(cumulative))
        }
        text += sample(descriptor.name + "_sum", pairs, counts.sum)
        text += sample(descriptor.name + "_count", pairs, Double(counts.count))
        return text
    }

    private static func sample(_ name: String, _ pairs: [(String, String)], _ value: Double) -> String {
        guard !pairs.isEmpty else { return "\(name) \(formatValue(value))\n" }
        let labels = pairs.map { "\($0.0)=\"\(escapeLabelValue($0.1))\"" }.joined(separator: ",")
        return "\(name){\(labels)} \(formatValue(value))\n"
    }

    /// Integers without a fraction (counters read naturally), specials as Prometheus spells them.
    static func formatValue(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Label values escape backslash, double quote and line feed.
    static func escapeLabelValue(_ value: String) -> String {
        escape(value, quote: true)
    }

    /// HELP text escapes backslash and line feed (a quote is fine there).
    static func escapeHelp(_ help: String) -> String {
        escape(help, quote: false)
    }

    /// Works on unicode scalars: as Characters, "\r\n" is one grapheme and would hide its line feed.
    private static func escape(_ text: String, quote: Bool) -> String {
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": escaped.append(contentsOf: "\\n".unicodeScalars)
            case "\"" where quote: escaped.append(contentsOf: "\\\"".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}
