import Foundation
import JSONBytes

/// One search request as the double reads it: paging, comparison, the parsed criteria, and the cursor
/// check. Throws `Rejected` (400) for what the real API rejects.
struct Rapid7DoubleSearch {
    struct Rejected: Error {
        var status = 400
        var message: String
    }

    static let assetFields: Set<String> = ["id", "host_name", "ip", "mac", "os_family", "os_name", "os_system_name",
                                           "risk_score", "last_scan_end", "last_scan_start",
                                           "last_assessed_for_vulnerabilities", "tags", "type"]
    static let vulnerabilityFields: Set<String> = ["id", "title", "severity", "severity_score", "cvss_score",
                                                   "cvss_v3_score", "cves", "published"]

    var size: Int
    var includeSame: Bool
    var comparisonTime: Double?
    var asset: Rapid7CriteriaExpression?
    var vulnerability: Rapid7CriteriaExpression?
    /// Where this page starts among the matching resources.
    var position = 0
    /// What a cursor is bound to: the path, the query without the cursor, and the body.
    let fingerprint: String

    init(path: String, query: [String: String], body: [UInt8]) throws {
        if let text = query["size"] {
            guard let size = Int(text), (1...500).contains(size) else {
                throw Rejected(message: "The page size must be between 1 and 500 (size=\(text)).")
            }
            self.size = size
        } else {
            size = 10
        }
        includeSame = query["includeSame"]?.lowercased() == "true"
        if let text = query["comparisonTime"] {
            guard let time = Rapid7Time.parse(text) else {
                throw Rejected(message: "comparisonTime '\(text)' is not a valid ISO 8601 date and time.")
            }
            comparisonTime = time
        }
        var criteria: [String: String] = [:]
        if !body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            guard let root = try? JSONValue.parse(body), root.kind == .object else {
                throw Rejected(message: "The request body is not a valid search query: expected a JSON object.")
            }
            for key in ["asset", "vulnerability"] {
                guard let member = root[key], !member.isNull else { continue }
                guard let text = member.string else { throw Rejected(message: "'\(key)' must be a string of search criteria.") }
                criteria[key] = text
            }
        }
        asset = try Self.parse(criteria["asset"], kind: "asset", fields: Self.assetFields)
        vulnerability = try Self.parse(criteria["vulnerability"], kind: "vulnerability", fields: Self.vulnerabilityFields)
        let unbound = query.filter { $0.key != "cursor" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        fingerprint = Self.hash(path + "?" + unbound.joined(separator: "&") + "\n" + String(decoding: body, as: UTF8.self))
        if let cursor = query["cursor"] {
            let parts = cursor.components(separatedBy: ":::")
            guard parts.count == 3, parts[1] == "_S", let position = Int(parts[0]), position >= 0 else {
                throw Rejected(message: "The cursor '\(cursor)' is not valid.")
            }
            guard parts[2] == fingerprint else {
                throw Rejected(message: "The cursor is not valid for this request: the query and body must stay the same across the pages of one search.")
            }
            self.position = position
        }
    }

    func cursor(at position: Int) -> String { "\(position):::_S:::\(fingerprint)" }

    func assetMatches(_ asset: Rapid7DataSet.Asset) throws -> Bool {
        guard let criteria = self.asset else { return true }
        do {
            return try criteria.matches { field in
                switch field {
                case "id": return .text(asset.id)
                case "host_name": return asset.hostName.map { .text($0) } ?? .missing
                case "ip": return .text(asset.ip)
                case "mac": return .text(asset.mac)
                case "os_family": return .text(asset.isWindows ? "Windows" : "Linux")
                case "os_name": return .text(asset.isWindows ? "Windows Server 2022" : "Linux")
                case "os_system_name": return .text(asset.isWindows ? "Microsoft Windows" : "Ubuntu Linux")
                case "risk_score": return .number(asset.riskScore)
                case "last_scan_end", "last_assessed_for_vulnerabilities": return .time(asset.lastScanEnd)
                case "last_scan_start": return .time(asset.lastScanStart)
                case "tags": return .texts(asset.tags.map(\.name))
                case "type": return .text(asset.isWindows ? "guest" : "host")
                default: return .missing
                }
            }
        } catch {
            throw Rejected(message: "Your query string format is not valid. It has 1 error: \(error)")
        }
    }

    func vulnerabilityMatches(_ id: String, _ definition: Rapid7DataSet.Definition?) throws -> Bool {
        guard let criteria = vulnerability else { return true }
        do {
            return try criteria.matches { field in
                if field == "id" { return .text(id) }
                guard let definition else { return .missing }
                switch field {
                case "title": return .text(definition.title)
                case "severity": return .text(definition.severity)
                case "severity_score": return .number(Double(definition.severityScore))
                case "cvss_score", "cvss_v3_score": return .number(definition.cvssV3Score)
                case "cves": return .texts(definition.cves)
                case "published": return .time(definition.published)
                default: return .missing
                }
            }
        } catch {
            throw Rejected(message: "Your query string format is not valid. It has 1 error: \(error)")
        }
    }

    private static func parse(_ text: String?, kind: String, fields: Set<String>) throws -> Rapid7CriteriaExpression? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        let expression: Rapid7CriteriaExpression
        do {
            expression = try Rapid7CriteriaParser.parse(text)
        } catch {
            throw Rejected(message: "Your query string format is not valid. It has 1 error: Unable to parse query: \(text) \(error)")
        }
        for field in expression.fields where !fields.contains(field) {
            throw Rejected(message: "Your query string format is not valid. It has 1 error: unknown \(kind) field '\(field)'")
        }
        return expression
    }

    /// FNV-1a, hex: stable across runs (Swift's Hasher is seeded per process).
    static func hash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }
}
