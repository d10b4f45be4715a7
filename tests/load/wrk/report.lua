-- wrk script for GET workloads: prints one line "JSON {...}" with the request count, errors
-- (non-2xx/3xx answers and socket errors) and latency percentiles in milliseconds.
--   wrk -t2 -c32 -d10s -s report.lua -H 'Authorization: Bearer ...' URL

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
