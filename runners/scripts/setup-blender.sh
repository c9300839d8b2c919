#!/usr/bin/env bash
# Installs Blender for the photo proxy benchmark (runners/scripts/render-photo-proxy.sh): Debian's `blender`
# package (3.4.1 on bookworm: Cycles on the CPU, the Python API, the OBJ importer), headless use only
# (`blender -b --factory-startup -noaudio -P script.py -- args`). Idempotent: a working Blender is left alone.
# $BLENDER may name another Blender binary; it is then checked, never installed over.
# Exit codes: 0 ready, 3 Blender is missing and cannot be installed here (the message says what to do).
set -euo pipefail

blender_bin="${BLENDER:-blender}"

report() {
  # Starts Blender once without a window and asks it for its version and whether Cycles is built in.
  local out
  if ! out=$("$blender_bin" -b --factory-startup -noaudio --python-exit-code 1 --python-expr \
      "import bpy; print('BRICKBOX-BLENDER', bpy.app.version_string, 'cycles=%s' % bpy.app.build_options.cycles)" \
      2>&1); then
    echo "$out" | tail -n 5 >&2
    echo "Blender at $(command -v "$blender_bin" || echo "$blender_bin") does not start headless." >&2
    exit 3
  fi
  local line
  line=$(echo "$out" | grep '^BRICKBOX-BLENDER' | head -n1 || true)
  [[ -n "$line" ]] || { echo "Blender started but ran no Python (built without it?)" >&2; exit 3; }
  set -- $line
  if [[ "$3" != "cycles=True" ]]; then
    echo "Blender $2 at $(command -v "$blender_bin") has no Cycles; the photo proxy needs it." >&2
    exit 3
  fi
  case "$2" in
    3.*) ;;
    *) echo "warning: Blender $2: the photo proxy is written and checked for Blender 3.x (Debian's 3.4.1);" \
            "shader input names changed in 4.0" >&2 ;;
  esac
  echo "Blender: $(command -v "$blender_bin") ($2, Cycles CPU)"
}

if command -v "$blender_bin" >/dev/null 2>&1; then
  report
  exit 0
fi
if [[ -n "${BLENDER:-}" ]]; then
  echo "BLENDER=$BLENDER is not an executable Blender." >&2
  exit 3
fi

manual_help() {
  cat >&2 <<'HELP'
Could not install Blender automatically (this needs Debian/apt and root or password-less sudo).
Install it yourself, then run this script again to check it:
    sudo apt-get install blender            (Debian/Ubuntu; Blender 3.x is what the photo proxy is checked with)
or download Blender 3.x from blender.org, unpack it anywhere and point BrickBox at it:
    export BLENDER=/path/to/blender-3.x-linux-x64/blender
HELP
  exit 3
}

command -v apt-get >/dev/null 2>&1 || manual_help
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "Installing Blender needs root: not root, and sudo is missing or asks for a password." >&2
  manual_help
fi

echo "Installing Debian's blender package (about 300 MB with its libraries) ..."
install() {
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends blender
}
if ! install; then
  echo "apt-get install failed; refreshing the package lists and trying once more ..." >&2
  "${as_root[@]}" apt-get update -q || manual_help
  install || manual_help
fi
command -v "$blender_bin" >/dev/null 2>&1 || manual_help
report
