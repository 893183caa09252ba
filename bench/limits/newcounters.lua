-- Every request asks for a counter never seen, from one of 100 client addresses (X-Forwarded-For).
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
    local ip = string.format("172.16.0.%d", n % 100)
    return wrk.format("GET", "/count?url=new.example/" .. round .. "-" .. id .. "-" .. n, {["X-Forwarded-For"] = ip})
end
