#!/usr/bin/env bash
# Builds findings-collector_<version>_<arch>.deb from a release build, with dpkg-deb (no debhelper).
#
#   packaging/build-deb.sh [--binary FILE] [--scratch-path DIR] [--output DIR] [--compress xz|gzip]
#
#   --binary FILE        package this already-built binary instead of building (it must print the
#                        version in Sources/FindingsCollector/Version.swift)
#   --scratch-path DIR   SwiftPM build directory for the release build (default: .build); an existing
#                        build there is reused, only what changed is recompiled
#   --output DIR         where the .deb goes (default: the repository root)
#   --compress TYPE      xz (default, smallest) or gzip (several times faster; the tests use it)
#
# The Swift standard library and Foundation are linked statically (--static-swift-stdlib), so the package
# depends only on system libraries; `Depends:` is computed from the binary with dpkg-shlibdeps.
# Needs: swift, dpkg-deb, dpkg-shlibdeps and strip (packages dpkg-dev, binutils).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
packaging="$root/packaging"
binary=""
scratch_path="$root/.build"
output="$root"
compress=xz

while (($#)); do
    case "$1" in
    --binary) binary="$(realpath "$2")"; shift 2 ;;
    --scratch-path) scratch_path="$(realpath -m "$2")"; shift 2 ;;
    --output) output="$(realpath -m "$2")"; shift 2 ;;
    --compress) compress="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-deb: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

[[ "$compress" == xz || "$compress" == gzip ]] || { echo "build-deb: --compress takes xz or gzip" >&2; exit 2; }
for tool in dpkg-deb dpkg-shlibdeps strip; do
    command -v "$tool" >/dev/null || { echo "build-deb: $tool not found: apt-get install dpkg-dev binutils" >&2; exit 1; }
done

# The one place the version is written.
version_file="$root/Sources/FindingsCollector/Version.swift"
version="$(sed -n 's/.*static let current = "\([^"]*\)".*/\1/p' "$version_file")"
[[ "$version" =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || { echo "build-deb: no valid version in $version_file" >&2; exit 1; }
arch="$(dpkg --print-architecture)"

if [[ -z "$binary" ]]; then
    echo "build-deb: release build in $scratch_path" >&2
    (cd "$root" && swift build -c release --product findings-collector --static-swift-stdlib \
        --disable-local-rpath --scratch-path "$scratch_path" >&2)
    binary="$scratch_path/release/findings-collector"
fi
[[ -x "$binary" ]] || { echo "build-deb: $binary is not an executable" >&2; exit 1; }
printed="$("$binary" --version)"
[[ "$printed" == "findings-collector $version" ]] || {
    echo "build-deb: $binary prints '$printed', Version.swift says $version: rebuild it" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tree="$work/tree"

install -d -m 0755 "$tree/DEBIAN" "$tree/usr/bin" "$tree/usr/lib/systemd/system" \
    "$tree/usr/share/doc/findings-collector"
install -m 0755 "$binary" "$tree/usr/bin/findings-collector"
strip --strip-unneeded "$tree/usr/bin/findings-collector"
install -m 0644 "$packaging/findings-collector.service" "$tree/usr/lib/systemd/system/"
# Readable by root and (after postinst's chgrp) the service group only: configs name secret files.
install -d -m 0750 "$tree/etc/findings-collector"
install -m 0640 "$root/etc/findings-collector.json" "$tree/etc/findings-collector/findings-collector.json"
# Beside the config, so the example's "$schema": "./findings-collector.schema.json" resolves in an editor.
install -m 0644 "$root/etc/findings-collector.schema.json" "$tree/etc/findings-collector/findings-collector.schema.json"
if [[ -f "$root/README.md" ]]; then
    install -m 0644 "$root/README.md" "$tree/usr/share/doc/findings-collector/README.md"
fi
for script in postinst prerm postrm; do
    install -m 0755 "$packaging/debian/$script" "$tree/DEBIAN/$script"
done
install -m 0644 "$packaging/debian/conffiles" "$tree/DEBIAN/conffiles"

# dpkg-shlibdeps wants a source-package layout around the binary; a stub debian/control is enough.
mkdir -p "$work/debian"
printf 'Source: findings-collector\n\nPackage: findings-collector\nArchitecture: any\n' >"$work/debian/control"
shlibs="$(cd "$work" && dpkg-shlibdeps -O -e"tree/usr/bin/findings-collector" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
[[ -n "$shlibs" ]] || { echo "build-deb: dpkg-shlibdeps found no runtime libraries" >&2; exit 1; }

installed_size="$(du -sk --exclude=DEBIAN "$tree" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$installed_size/" \
    -e "s|@SHLIBS_DEPENDS@|$shlibs|" \
    -e "s|@MAINTAINER@|${DEB_MAINTAINER:-findings-collector maintainers <findings-collector@localhost>}|" \
    "$packaging/debian/control.in" >"$tree/DEBIAN/control"

mkdir -p "$output"
deb="$output/findings-collector_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Z"$compress" -z6 --build "$tree" "$deb" >&2
echo "$deb"
