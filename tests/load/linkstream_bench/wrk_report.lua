-- wrk script of tests/load/bench: optional random paths, and one JSON line with the figures
-- the bench reads. No response() callback: it would make wrk parse every answer's headers
-- into Lua and take CPU from the server it measures. Errors are wrk's own counts: socket
-- errors, timeouts, and answers with a status of 400 or more.
local paths = {}

local file = os.getenv("LINKSTREAM_BENCH_PATHS")
if file and file ~= "" then
  for line in io.lines(file) do paths[#paths + 1] = line end
end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  if #paths > 0 then
    request = function()
      return wrk.format(nil, paths[math.random(#paths)])
    end
  end
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,' ..
    '"status":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, summary.errors.status,
    latency:percentile(50), latency:percentile(99)))
end
