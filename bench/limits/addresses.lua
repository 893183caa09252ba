-- Every request from another client address (X-Forwarded-For, with TALLY_TRUST_PROXY=true), all to one counter.
local threads = 0
function setup(thread)
    thread:set("id", threads)
    threads = threads + 1
end
function init(args)
    n = 0
    round = tonumber(args[1] or "0")
end
function request()
    n = n + 1
    local i = round * 2097152 + id * 1048576 + n
    local ip = string.format("10.%d.%d.%d", math.floor(i / 65536) % 256, math.floor(i / 256) % 256, i % 256)
    return wrk.format("GET", "/count?url=bench.example/one", {["X-Forwarded-For"] = ip})
end
