-- /count from a jar of 5,000 browsers (cookies) over 100 pages: reloads within the window are
-- suppressed, first visits count, as on a real site.
math.randomseed(os.time())
local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
local tokens = {}
for i = 1, 5000 do
    local t = {}
    for j = 1, 22 do
        local k = math.random(1, #chars)
        t[j] = chars:sub(k, k)
    end
    tokens[i] = table.concat(t)
end
request = function()
    local headers = { ["Cookie"] = "tally_id=" .. tokens[math.random(1, #tokens)] }
    return wrk.format("GET", "/count?url=bench.example.com/p" .. math.random(1, 100), headers)
end
