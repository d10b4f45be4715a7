-- wrk script for a signed-in browser's GET pages: each request takes the next path of a list
-- (threads start at different places) with the session's Cookie header. Prints the same JSON
-- line as report.lua.
--   wrk -t2 -c32 -d10s -s pages.lua URL -- PATHS_FILE COOKIE_FILE

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then table.insert(paths, line) end
  end
  local f = io.open(args[2])
  cookie = f:read("*l")
  f:close()
  next_path = math.random(#paths)
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path], {["Cookie"] = cookie})
end

local function ms(us) return us / 1000.0 end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'JSON {"requests": %d, "seconds": %.3f, "rps": %.1f, "non_2xx_3xx": %d, ' ..
    '"socket_errors": %d, "timeouts": %d, "p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, ' ..
    '"max_ms": %.3f, "mean_ms": %.3f, "bytes": %d}\n',
    summary.requests, seconds, summary.requests / seconds, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout, ms(latency:percentile(50)), ms(latency:percentile(90)),
    ms(latency:percentile(99)), ms(latency.max), ms(latency.mean), summary.bytes))
end
