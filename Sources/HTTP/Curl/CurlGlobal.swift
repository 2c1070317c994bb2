import CCurl

/// libcurl's process-wide initialisation, done exactly once before the first handle is made.
enum CurlGlobal {
    /// Swift runs a static let's initialiser once, thread-safely, on first use.
    private static let initResult: CURLcode = ccurl_global_init_default()

    /// Initialises libcurl if that has not happened yet; true when libcurl is usable.
    static func ensureInitialized() -> Bool {
        initResult == CURLE_OK
    }
}
