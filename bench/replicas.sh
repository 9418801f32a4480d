#!/bin/sh
# Scale-out demonstration on loopback: two stateless `pinpoint serve` replicas over the SAME index folder (one
# immutable snapshot, named by CURRENT) behind nginx, and checks that
#   1. both replicas serve requests sent through nginx (each replica's own /metrics counts them);
#   2. publishing a new snapshot (`pinpoint ingest` into the shared folder, as sync would) reaches both replicas
#      without a restart (they watch CURRENT), and no request fails meanwhile;
#   3. with one replica killed, nginx keeps answering from the other.
# Exits non-zero, saying why, if any check fails.
#
#   bench/replicas.sh            # release binary; a fresh index in a temporary folder
#
# Needs nginx (apt-get install nginx) and python3. Run from the repository root.
set -eu

BIN=${BIN:-target/release/pinpoint}
LB=${LB:-18090}
P1=${P1:-18091}
P2=${P2:-18092}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

[ -x "$NGINX" ] || { echo "replicas.sh: nginx is not installed (apt-get install nginx)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "replicas.sh: no $BIN (cargo build --release)" >&2; exit 2; }

work=$(mktemp -d)
index="$work/index"
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  for p in $pids; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

"$BIN" --index "$index" ingest > "$work/ingest1.log"
echo "index: $(cat "$index/CURRENT")"

"$BIN" --index "$index" serve --addr "127.0.0.1:$P1" --watch-secs 1 2> "$work/r1.log" &
r1=$!
"$BIN" --index "$index" serve --addr "127.0.0.1:$P2" --watch-secs 1 2> "$work/r2.log" &
r2=$!
pids="$r1 $r2"

mkdir -p "$work/nginx"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log $work/nginx/access.log;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  upstream pinpoint {
    server 127.0.0.1:$P1 max_fails=1 fail_timeout=5s;
    server 127.0.0.1:$P2 max_fails=1 fail_timeout=5s;
    keepalive 16;
  }
  server {
    listen 127.0.0.1:$LB;
    location / {
      proxy_pass http://pinpoint;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$remote_addr;
      # A replica that is down or overloaded: try the other one (searches are idempotent GETs).
      proxy_next_upstream error timeout http_502 http_503;
      proxy_connect_timeout 1s;
      add_header X-Upstream \$upstream_addr always;
    }
  }
}
CONF
"$NGINX" -p "$work/nginx" -c "$work/nginx.conf" &
pids="$pids $!"

python3 - "$LB" "$P1" "$P2" "$BIN" "$index" "$r1" <<'PY'
import json, os, re, signal, subprocess, sys, threading, time, urllib.parse, urllib.request

lb, p1, p2, binary, index, r1 = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6])

def get(port, path, timeout=10):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as r:
        return r.status, dict(r.headers), r.read()

def wait_up(port):
    for _ in range(300):
        try:
            if get(port, "/healthz", 1)[0] == 200:
                return
        except Exception:
            time.sleep(0.1)
    sys.exit(f"replicas.sh: nothing answers on {port}")

def searches(port):
    _, _, body = get(port, "/metrics")
    return sum(float(m.group(1)) for m in re.finditer(
        r'^pinpoint_http_requests_total\{route="/api/search",method="GET",status="200"\} (\S+)$',
        body.decode(), re.M))

def fail(msg):
    sys.exit("replicas.sh: FAILED: " + msg)

for port in (p1, p2, lb):
    wait_up(port)
questions = ["what is transferable risk", "childcare disqualification", "allegations against staff",
             "section 16E Children Act 2004", "online safety filtering and monitoring"]

# 1. Both replicas serve requests sent through nginx.
before = {p: searches(p) for p in (p1, p2)}
upstreams = {}
for i in range(200):
    q = urllib.parse.urlencode({"q": questions[i % len(questions)]})
    status, headers, body = get(lb, "/api/search?" + q)
    if status != 200 or not json.loads(body)["hits"]:
        fail(f"request {i}: {status}")
    upstreams[headers.get("X-Upstream")] = upstreams.get(headers.get("X-Upstream"), 0) + 1
served = {p: searches(p) - before[p] for p in (p1, p2)}
print(f"1. 200 searches through nginx: replica :{p1} served {served[p1]:.0f}, :{p2} served {served[p2]:.0f} "
      f"(nginx says {upstreams})")
if served[p1] < 1 or served[p2] < 1 or served[p1] + served[p2] < 200:
    fail("both replicas must serve")

# 2. A new snapshot published into the shared index folder reaches both replicas while requests keep flowing.
old = {p: json.loads(get(p, "/healthz")[2])["snapshot"] for p in (p1, p2)}
errors, done = [], threading.Event()
def load():
    n = 0
    while not done.is_set():
        try:
            status, _, _ = get(lb, "/api/search?q=" + urllib.parse.quote(questions[n % len(questions)]))
            if status != 200:
                errors.append(status)
        except Exception as e:
            errors.append(repr(e))
        n += 1
t = threading.Thread(target=load)
t.start()
subprocess.run([binary, "--index", index, "ingest"], check=True, stdout=subprocess.DEVNULL)
new = open(os.path.join(index, "CURRENT")).read().strip()
deadline = time.time() + 15
while time.time() < deadline:
    now = {p: json.loads(get(p, "/healthz")[2])["snapshot"] for p in (p1, p2)}
    if all(s == new for s in now.values()):
        break
    time.sleep(0.2)
done.set()
t.join()
print(f"2. published snapshot {new}: replicas now serve {now} (were {old}); errors during the switch: {len(errors)}")
if any(s != new for s in now.values()):
    fail("a replica did not pick up the new snapshot")
if errors:
    fail(f"requests failed during publication: {errors[:5]}")

# 3. One replica down: nginx answers from the other.
os.kill(r1, signal.SIGTERM)
time.sleep(0.5)
ok = 0
for i in range(50):
    status, headers, _ = get(lb, "/api/search?q=" + urllib.parse.quote(questions[i % len(questions)]))
    ok += status == 200
print(f"3. replica :{p1} stopped: {ok}/50 searches through nginx answered")
if ok != 50:
    fail("searches failed with one replica down")
print("replicas.sh: all checks passed")
PY
