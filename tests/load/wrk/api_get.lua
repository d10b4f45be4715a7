-- wrk script for lead-provider API GETs under the API's rate limit (1,000 requests per
-- Authorization header per 5 minutes): each thread sends its first token's header for 990
-- requests, then moves to its next token (thread t takes lines t, t + THREADS, ...), so a
-- token is never over the limit. Prints the same JSON line as report.lua.
--   wrk -t2 -c32 -d10s -s api_get.lua URL -- TOKENS_FILE THREADS

local threads = {}
local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  tokens = {}
  for line in io.lines(args[1]) do
    if line ~= "" then table.insert(tokens, line) end
  end
  stride = tonumber(args[2])
  slot = index + 1
  used = 0
  wrapped = 0
  header = { ["Authorization"] = "Bearer " .. tokens[slot] }
end

function request()
  if used >= 990 then
    used = 0
    slot = slot + stride
    if slot > #tokens then
      slot = index + 1
      wrapped = wrapped + 1
    end
    header = { ["Authorization"] = "Bearer " .. tokens[slot] }
  end
  used = used + 1
  return wrk.format(nil, nil, header)
end

local function ms(us) return us / 1000.0 end

done = function(summary, latency, requests)
  local wraps, max_slot = 0, 0
  for _, thread in ipairs(threads) do
    wraps = wraps + (thread:get("wrapped") or 0)
    max_slot = math.max(max_slot, thread:get("slot") or 0)
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'JSON {"requests": %d, "seconds": %.3f, "rps": %.1f, "non_2xx_3xx": %d, ' ..
    '"socket_errors": %d, "timeouts": %d, "p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, ' ..
    '"max_ms": %.3f, "mean_ms": %.3f, "bytes": %d, "token_wraps": %d, "tokens_used": %d}\n',
    summary.requests, seconds, summary.requests / seconds, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout, ms(latency:percentile(50)), ms(latency:percentile(90)),
    ms(latency:percentile(99)), ms(latency.max), ms(latency.mean), summary.bytes, wraps,
    max_slot))
end
