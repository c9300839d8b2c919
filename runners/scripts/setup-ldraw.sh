#!/usr/bin/env bash
# Fills the per-user LDraw cache from Debian's `ldraw-parts` package (non-free component) without
# touching the system's apt configuration: a private apt state directory is used for the index and the
# download, the .deb is unpacked with `dpkg -x`, and the result is moved into place atomically, so an
# interrupted run never leaves a half-filled library behind. Idempotent: a complete cache is left alone.
set -euo pipefail

cache_root="${BRICKBOX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/brickbox}"
target="$cache_root/ldraw"
marker="$target/.brickbox-complete"

if [[ -n "${LDRAW_DIR:-}" && -f "${LDRAW_DIR}/LDConfig.ldr" ]]; then
  echo "LDraw library: $LDRAW_DIR (from LDRAW_DIR)"
  exit 0
fi
if [[ -f "$marker" ]]; then
  echo "LDraw library: $target (cached)"
  exit 0
fi

manual_help() {
  cat >&2 <<'HELP'
Could not fetch the LDraw library automatically (this needs Debian/apt with network access to a Debian mirror).
Download the official parts library "complete.zip" from the LDraw.org parts library download page,
unzip it, and point BrickBox at the folder that contains LDConfig.ldr, parts/ and p/:
    export LDRAW_DIR=/path/to/ldraw      (or pass --ldrawDir=/path/to/ldraw)
HELP
  exit 3
}

command -v apt-get >/dev/null && command -v dpkg >/dev/null || manual_help

# Reuse the mirror the system already uses for bookworm, so no host name is hard-coded here.
mirror=""
for f in /etc/apt/sources.list.d/*.sources; do
  [[ -f "$f" ]] || continue
  mirror=$(awk '/^URIs:/ {print $2}' "$f" | grep -v -- '-security' | head -n1 || true)
  [[ -n "$mirror" ]] && break
done
if [[ -z "$mirror" && -f /etc/apt/sources.list ]]; then
  mirror=$(awk '$1=="deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list || true)
fi
[[ -n "$mirror" ]] || manual_help
suite=$(. /etc/os-release 2>/dev/null; echo "${VERSION_CODENAME:-bookworm}")

mkdir -p "$cache_root"
work=$(mktemp -d "$cache_root/.setup.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/parts.d" "$work/prefs.d"
cat > "$work/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite non-free
SRC
apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=$work/parts.d"
          -o "Dir::Etc::Preferences=$work/prefs" -o "Dir::Etc::PreferencesParts=$work/prefs.d"
          -o "Dir::State::Lists=$work/lists" -o "Dir::Cache::Archives=$work/archives"
          -o "Dir::Cache::pkgcache=$work/pkgcache.bin" -o "Dir::Cache::srcpkgcache=$work/srcpkgcache.bin"
          -o "APT::Sandbox::User=root" -o "Debug::NoLocking=1")
echo "Fetching the LDraw library (Debian package ldraw-parts, $suite non-free) ..."
apt-get "${apt_opts[@]}" -qq update || manual_help
(cd "$work" && apt-get "${apt_opts[@]}" -qq download ldraw-parts) || manual_help
deb=$(ls "$work"/ldraw-parts_*.deb | head -n1)
dpkg -x "$deb" "$work/unpacked"
src="$work/unpacked/usr/share/ldraw"
[[ -f "$src/LDConfig.ldr" && -d "$src/parts" ]] || { echo "ldraw-parts package has an unexpected layout" >&2; exit 4; }
version=$(basename "$deb" | sed -E 's/^ldraw-parts_([^_]+)_.*/\1/')
echo "$version" > "$src/.brickbox-version"
touch "$src/.brickbox-complete"
rm -rf "$target.old"
[[ -d "$target" ]] && mv "$target" "$target.old"
mv "$src" "$target"
rm -rf "$target.old"
echo "LDraw library: $target (ldraw-parts $version, $(ls "$target/parts" | wc -l) files in parts/)"
