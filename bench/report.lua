-- wrk script: optional cookie header, and a one-line JSON summary at the end.
-- Anything but a 200 counts as an error: a redirect to the sign-in page is a failed page, not
-- a fast one (wrk itself only counts statuses from 400 up).
local cookie = os.getenv("BENCH_COOKIE")
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  not_ok = 0
  if cookie and cookie ~= "" then
    wrk.headers["Cookie"] = cookie
  end
  wrk.headers["X-Forwarded-Proto"] = "https"
end

response = function(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

done = function(summary, latency, requests)
  local not_200 = 0
  for _, thread in ipairs(threads) do
    not_200 = not_200 + thread:get("not_ok")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + not_200
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "errors": %d, "not_200": %d, '
      .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d}\n',
    summary.requests, summary.duration, errors, not_200,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max))
end
