-- wrk script of bench/run: GET call details of random calls, authenticated.
--   BENCH_SIDS     a file with one call sid a line; each request picks one at random
--   BENCH_ACCOUNT  the account sid in the path
--   BENCH_AUTH     the Authorization header ("Basic ...")
-- nginx gets exactly the same requests (it ignores the path and the header).
local sids = {}
for line in io.lines(os.getenv("BENCH_SIDS")) do
  sids[#sids + 1] = line
end
local n = #sids
local prefix = "/v2/accounts/" .. os.getenv("BENCH_ACCOUNT") .. "/calls/"
local headers = { ["Authorization"] = os.getenv("BENCH_AUTH") }
math.randomseed(os.time())

request = function()
  return wrk.format("GET", prefix .. sids[math.random(n)], headers)
end

-- One machine-readable line for bench/run; latencies in microseconds.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d"
      .. " err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency:percentile(99.9), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
