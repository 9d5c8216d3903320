-- wrk script for one closed-loop phase of ./seckill bench (scripts/bench/bench.sh).
-- Environment:
--   BENCH_MODE    "purchase": POST {"quantity":1} to BENCH_PATH as a rotating shopper, with a
--                 fresh Idempotency-Key per request; "get": plain GET of the URL's path
--   BENCH_PATH    purchase path, /api/sales/<saleId>/purchases
--   BENCH_TOKENS  file with one JWT per line (distinct shoppers, round robin: each one stays
--                 far below the per-user rate limit when there are enough of them)
--   BENCH_RUN     a word unique to this run, so keys never repeat across runs
--   BENCH_OUT     where done() writes the phase's figures as JSON
--   BENCH_THREADS wrk's -t, so that threads rotate through disjoint shoppers
local mode = os.getenv("BENCH_MODE") or "get"
local threads = 0
local counter = 0
local tokens = {}
local thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")

-- Runs in the main Lua state; thread:set makes thread_id a global of that thread's state.
function setup(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end

function init(args)
  if mode == "purchase" then
    for line in io.lines(os.getenv("BENCH_TOKENS")) do
      if #line > 0 then
        tokens[#tokens + 1] = line
      end
    end
    if #tokens == 0 then
      error("no tokens in " .. tostring(os.getenv("BENCH_TOKENS")))
    end
  end
  run = os.getenv("BENCH_RUN") or "run"
  path = os.getenv("BENCH_PATH") or "/"
end

function request()
  if mode ~= "purchase" then
    return wrk.format("GET")
  end
  counter = counter + 1
  local n = counter * thread_count + thread_id
  local token = tokens[(n % #tokens) + 1]
  local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "bench-" .. run .. "-" .. thread_id .. "-" .. counter,
  }
  return wrk.format("POST", path, headers, '{"quantity":1}')
end

local points = { 1, 5, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 95, 97, 98, 99, 99.5, 99.9, 99.95, 99.99, 100 }

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("BENCH_OUT"), "w"))
  local e = summary.errors
  out:write(string.format('{"requests":%d,"durationMicros":%d,"bytes":%d,', summary.requests, summary.duration,
    summary.bytes))
  out:write(string.format('"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},', e.connect,
    e.read, e.write, e.status, e.timeout))
  out:write(string.format('"latencyMicros":{"min":%d,"mean":%.1f,"max":%d,"stdev":%.1f,"percentiles":[',
    latency.min, latency.mean, latency.max, latency.stdev))
  for i, p in ipairs(points) do
    local value = p >= 100 and latency.max or latency:percentile(p)
    out:write(string.format("%s[%s,%d]", i > 1 and "," or "", p, value))
  end
  out:write("]}}\n")
  out:close()
end
