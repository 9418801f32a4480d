-- wrk script: GET /api/search rotating through request paths read from a file (one per line, already URL-encoded),
-- each wrk thread starting at a different place. At the end, one JSON line with the figures bench/load.sh reports.
--
--   wrk -t2 -c16 -d60s -s bench/wrk-search.lua http://127.0.0.1:8080 -- /tmp/paths.txt

local paths = {}
local i = 0
local threads = 0

-- Runs in the main Lua state once per thread: give each thread a number (a global in its own state).
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  local f = assert(io.open(args[1] or "bench/paths.txt"), "no paths file")
  for line in f:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  f:close()
  assert(#paths > 0, "the paths file is empty")
  math.randomseed(os.time() + (tonumber(id) or 0) * 7919)
  i = math.random(#paths)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "seconds": %.1f, "rps": %.1f, "p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "non_2xx": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect, e.read, e.write, e.timeout))
end
