-- wrk script for a signed-in browser's GET pages: each request takes the next path of a list
-- (threads start at different places) with the session's Cookie header. Prints report.lua's JSON
-- line.
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

-- The report line is report.lua's, which lies beside this script.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
