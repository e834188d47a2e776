-- wrk script of bench/run: Make Call, spreading calls over many agents in turn.
--   BENCH_AGENTS    a file with one agent device number a line (each needs a free agent)
--   BENCH_ACCOUNT   the account sid in the path
--   BENCH_AUTH      the Authorization header ("Basic ...")
--   BENCH_CUSTOMER  the customer's number
--   BENCH_VN        the account's ExoPhone
local agents = {}
for line in io.lines(os.getenv("BENCH_AGENTS")) do
  agents[#agents + 1] = line
end
local n = #agents
local path = "/v2/accounts/" .. os.getenv("BENCH_ACCOUNT") .. "/calls"
local headers = {
  ["Authorization"] = os.getenv("BENCH_AUTH"),
  ["Content-Type"] = "application/json",
}
local tail = '"},"to":{"customer_contact_uri":"' .. os.getenv("BENCH_CUSTOMER")
  .. '"},"virtual_number":"' .. os.getenv("BENCH_VN") .. '"}'
local i = tonumber(os.getenv("BENCH_AGENT_OFFSET") or "0")

request = function()
  i = i + 1
  local body = '{"from":{"user_contact_uri":"' .. agents[(i % n) + 1] .. tail
  return wrk.format("POST", path, headers, body)
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
