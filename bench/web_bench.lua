-- wrk script for bench/web_bench.sh: each request asks for a random AS of
-- the synthetic store (1..WEB_BENCH_ASES) under WEB_BENCH_PATH ("/as/" or
-- "/api/v1/as/"); done() prints requests/s and the 50/95/99th percentiles.
local ases = tonumber(os.getenv("WEB_BENCH_ASES") or "75000")
local prefix = os.getenv("WEB_BENCH_PATH") or "/as/"
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(seed)
end

function request()
  return wrk.format("GET", prefix .. math.random(ases))
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT path=%s requests=%d rps=%.0f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f errors=%d\n",
    prefix, summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
