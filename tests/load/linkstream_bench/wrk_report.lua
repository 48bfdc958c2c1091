-- wrk script of tests/load/bench: optional random paths, and one JSON line with the figures
-- the bench reads. No response() callback: it would make wrk parse every answer's headers
-- into Lua and take CPU from the server it measures. Errors are wrk's own counts: socket
-- errors, timeouts, and answers with a status of 400 or more.
-- With LINKSTREAM_BENCH_MIX_USER set as well, the mix of the seed's load test: 80 % redirects
-- of those paths, 15 % GET /urls/{id} of the ids in LINKSTREAM_BENCH_IDS, 5 % POST /urls
-- for that user.
local paths, ids = {}, {}

local function read_lines(name, into)
  local file = os.getenv(name)
  if file and file ~= "" then
    for line in io.lines(file) do into[#into + 1] = line end
  end
end
read_lines("LINKSTREAM_BENCH_PATHS", paths)
read_lines("LINKSTREAM_BENCH_IDS", ids)
local mix_user = os.getenv("LINKSTREAM_BENCH_MIX_USER")

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  if mix_user and mix_user ~= "" then
    local body = '{"user_id":' .. mix_user .. ',"original_url":"https://bench.example/mixed"}'
    local headers = {["Content-Type"] = "application/json"}
    request = function()
      local dice = math.random(100)
      if dice <= 80 then return wrk.format(nil, paths[math.random(#paths)]) end
      if dice <= 95 then return wrk.format(nil, "/urls/" .. ids[math.random(#ids)]) end
      return wrk.format("POST", "/urls", headers, body)
    end
  elseif #paths > 0 then
    -- Every request is formatted once, here: formatted per request, each new path is a new
    -- Lua string to allocate, hash and collect, and wrk (on the same cores as the server)
    -- spent a third more CPU a request on 100,000 paths than on one, charged to the server.
    local formatted = {}
    for i, path in ipairs(paths) do formatted[i] = wrk.format(nil, path) end
    request = function()
      return formatted[math.random(#formatted)]
    end
  end
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,' ..
    '"status":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, summary.errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
