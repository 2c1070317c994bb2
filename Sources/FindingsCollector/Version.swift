/// The one place the version is written: `--version`, the .deb and the User-Agent read it from here.
public enum CollectorVersion {
    public static let current = "0.1.0"
}
