#!/usr/bin/env bash
# Memory of `serve` under sustained load: a server that answers all day must not grow. Two phases, each in a JVM
# whose heap is fixed and touched up front (-Xms = -Xmx, AlwaysPreTouch), so that the resident size moves only with
# native memory (PyTorch, OpenCV, malloc) and the JVM's own metadata:
#   1. `bench serve` (the real server in its JVM, clients on loopback) answers --requests photos of a labelled
#      folder at concurrency 4; the resident size is sampled every 10 s;
#   2. `serve` on a free port gets --hostile requests of each bad kind (a JPEG cut short, random bytes, a PNG
#      declaring 30,000 x 30,000 pixels, a GIF) between rounds of a good photo, sent with curl.
# It prints the resident size after the warm-up, at each quarter and at the end, and around each hostile kind.
#
#   runners/scripts/soak-serve.sh --index=OUT/index --photos=DIR [--requests=30000] [--hostile=500] [--out=DIR]
#
# Needs curl and python3 (for the PNG). BENCHMARKS.md, "Serve: memory under sustained load", has its figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
index="" photos="" requests=30000 hostile=500 out="out/soak-serve"
for arg in "$@"; do
  case "$arg" in
    --index=*) index="${arg#--index=}" ;;
    --photos=*) photos="${arg#--photos=}" ;;
    --requests=*) requests="${arg#--requests=}" ;;
    --hostile=*) hostile="${arg#--hostile=}" ;;
    --out=*) out="${arg#--out=}" ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "soak-serve: unknown argument '$arg' (--help)" >&2; exit 2 ;;
  esac
done
[[ -n "$index" && -n "$photos" ]] || { echo "soak-serve: --index and --photos are required (--help)" >&2; exit 2; }
command -v curl >/dev/null && command -v python3 >/dev/null || { echo "soak-serve: needs curl and python3" >&2; exit 2; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"
export BRICKBOX_JAVA_OPTS="-Xms2g -Xmx2g -XX:+AlwaysPreTouch ${BRICKBOX_JAVA_OPTS:-}"

rss_mb() { echo $(( $(ps -o rss= -p "$1") / 1024 )); }

# ---- 1. valid requests through bench serve
"$root/brickbox" bench serve --index="$index" --photos="$photos" --requests="$requests" --concurrency=4 \
    --warmup=200 > "$out/bench.txt" 2> "$out/bench.err" &
pid=$!
# the launcher may build the jar first; sample once it has become the JVM
while kill -0 "$pid" 2>/dev/null && [[ "$(ps -o comm= -p "$pid")" != java ]]; do sleep 1; done
: > "$out/rss.tsv"
while kill -0 "$pid" 2>/dev/null; do
  printf '%s\t%s\n' "$(date +%s)" "$(ps -o rss= -p "$pid" | tr -d ' ')" >> "$out/rss.tsv"
  sleep 10
done
wait "$pid" || { echo "soak-serve: bench serve failed (see $out/bench.err)" >&2; exit 1; }
cat "$out/bench.txt"
python3 - "$out/rss.tsv" <<'EOF'
import sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
kb = [int(r[1]) for r in rows if len(r) == 2]
if len(kb) < 8:
    print(f"resident MB: {len(kb)} samples are too few for a trend (more --requests)")
else:
    start = len(kb) // 8  # after the warm-up and the first requests
    marks = [start] + [start + (len(kb) - 1 - start) * q // 4 for q in (1, 2, 3, 4)]
    print("resident MB, after the warm-up / each quarter / end:", " / ".join(str(kb[m] // 1024) for m in marks),
          f"({len(kb)} samples every 10 s)")
EOF

# ---- 2. hostile requests to a separate serve
hostile_dir="$out/hostile"
mkdir -p "$hostile_dir"
mapfile -t found < <(find "$photos" -type f \( -name '*.jpg' -o -name '*.jpeg' -o -name '*.png' \) | sort)
good="${found[0]}"
size=$(stat -c %s "$good")
head -c $(( size / 2 )) "$good" > "$hostile_dir/cut-short.jpg"
head -c 4096 /dev/urandom > "$hostile_dir/random.bin"
printf 'GIF89a\x01\x00\x01\x00\x80\x00\x00' > "$hostile_dir/image.gif"
python3 - "$hostile_dir/bomb.png" <<'EOF'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
rows = zlib.compress(b"\0" * (30000 * 3 + 1) * 64, 9)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0))
                              + chunk(b"IDAT", rows) + chunk(b"IEND", b""))
EOF
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$root/brickbox" serve --index="$index" --port="$port" > "$out/serve.txt" 2> "$out/serve.err" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/health" > /dev/null && break; sleep 1; done
send() { # file count: prints the status codes seen
  for _ in $(seq "$2"); do
    curl -s -o /dev/null -w '%{http_code}\n' -F "photo=@$1" "http://127.0.0.1:$port/v1/identify"
  done | sort | uniq -c | awk '{printf "%s x %s ", $2, $1}'
}
echo "hostile requests to serve (resident MB before -> after each kind):"
for kind in "$good" cut-short.jpg random.bin bomb.png image.gif "$good"; do
  file="$kind"
  [[ -f "$file" ]] || file="$hostile_dir/$kind"
  before=$(rss_mb "$pid")
  codes=$(send "$file" "$hostile")
  printf '  %-14s %s-> %s MB   %s\n' "$(basename "$file")" "$before " "$(rss_mb "$pid")" "$codes"
done
curl -sf "http://127.0.0.1:$port/health" > /dev/null && echo "serve still answers /health"
