-- wrk: the newcomer's home, its calls one after the other on every connection (paths from HOME_PATHS,
-- separated by spaces). One "request" of wrk is one call; home loads = requests / number of calls.
local paths = {}
for p in string.gmatch(os.getenv("HOME_PATHS") or "", "%S+") do
  paths[#paths + 1] = p
end
local next_call = 0

request = function()
  next_call = next_call % #paths + 1
  return wrk.format("GET", paths[next_call])
end
