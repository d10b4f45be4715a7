-- wrk script for POST /api/v3/participant-declarations, sustained: each request declares for
-- the next participant of a list (lines "TOKEN PARTICIPANT_ID COURSE DATE TYPE EVIDENCE"), so
-- no two requests ask for the same declaration. Threads take interleaved lines. Every 200's
-- declaration id is appended to <ids_prefix>.<thread>, for the none-lost-none-duplicated check.
--   wrk -t2 -c32 -d15s -s post_declarations.lua URL -- PARTICIPANTS_FILE IDS_PREFIX THREADS

local threads = {}
local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  participants = {}
  for line in io.lines(args[1]) do
    local token, id, course, date, kind, evidence =
      line:match("^(%S+) (%S+) (%S+) (%S+) (%S+) (%S+)$")
    if token then table.insert(participants, {token, id, course, date, kind, evidence}) end
  end
  stride = tonumber(args[3])
  next_line = index + 1
  ids = io.open(args[2] .. "." .. index, "a")
  ids:setvbuf("line")
  statuses = {}
  exhausted = 0
end

function request()
  local p = participants[next_line]
  if p == nil then
    exhausted = exhausted + 1
    p = participants[1]
  end
  next_line = next_line + stride
  local body = string.format(
    '{"data":{"type":"participant-declaration","attributes":{"participant_id":"%s",' ..
    '"declaration_type":"%s","declaration_date":"%s","course_identifier":"%s",' ..
    '"evidence_held":"%s"}}}',
    p[2], p[5], p[4], p[3], p[6])
  return wrk.format("POST", "/api/v3/participant-declarations",
                    {["Authorization"] = "Bearer " .. p[1],
                     ["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 200 then
    local id = body:match('"id"%s*:%s*"([0-9a-f%-]+)"')
    if id then ids:write(id, "\n") end
  end
end

local function ms(us) return us / 1000.0 end

done = function(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("statuses") or {}) do
      merged[code] = (merged[code] or 0) + n
    end
    exhausted_total = (exhausted_total or 0) + (thread:get("exhausted") or 0)
  end
  local parts = {}
  for code, n in pairs(merged) do table.insert(parts, string.format('"%s": %d', code, n)) end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'JSON {"requests": %d, "seconds": %.3f, "rps": %.1f, "non_2xx_3xx": %d, ' ..
    '"socket_errors": %d, "timeouts": %d, "p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, ' ..
    '"max_ms": %.3f, "mean_ms": %.3f, "participants_reused": %d, "statuses": {%s}}\n',
    summary.requests, seconds, summary.requests / seconds, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout, ms(latency:percentile(50)), ms(latency:percentile(90)),
    ms(latency:percentile(99)), ms(latency.max), ms(latency.mean), exhausted_total or 0,
    table.concat(parts, ", ")))
end
