-- /pixel.gif as tally.js sends it: 1,000 clients (a User-Agent and an address each, sent as
-- X-Forwarded-For: run the server with TALLY_TRUST_PROXY=true) viewing 50 pages of 3 sites, with
-- titles, referrers and screen sizes; about 1 view in 20 from a crawler.
math.randomseed(42)
local agents = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%d.0) Gecko/20100101 Firefox/%d.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%d.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_%d like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel %d) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPad; CPU OS 17_%d like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36 Edg/120.0.0.0",
    "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/%d.0 Chrome/115.0.0.0 Mobile Safari/537.36",
}
local bots = {
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
}
local referrers = { "", "", "", "https://www.google.com/", "https://news.ycombinator.com/item?id=1",
                    "https://github.com/you/repo", "https://www.reddit.com/r/programming/" }
local sizes = { "1920,1080", "1366,768", "390,844", "1440,900", "820,1180" }
local function enc(s)
    return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local requests = {}
-- Built in init, once wrk has set the Host header that wrk.format copies.
init = function(args)
for i = 1, 1000 do
    local ua
    if i % 20 == 0 then
        ua = bots[(i / 20) % #bots + 1]
    else
        ua = string.format(agents[i % #agents + 1], 100 + i % 111, 100 + i % 111)
    end
    local ip = string.format("%d.%d.%d.%d", math.random(1, 223), math.random(0, 255), math.random(0, 255), math.random(1, 254))
    local page = math.random(1, 50)
    local q = "site=bench" .. (i % 3) .. ".example&path=" .. enc("/posts/" .. page) ..
        "&title=" .. enc("Post number " .. page .. " of the bench blog") ..
        "&resolution=" .. enc(sizes[i % #sizes + 1])
    local ref = referrers[i % #referrers + 1]
    if ref ~= "" then q = q .. "&referrer=" .. enc(ref) end
    requests[i] = wrk.format("GET", "/pixel.gif?" .. q, { ["User-Agent"] = ua, ["X-Forwarded-For"] = ip })
end
end
local n = 0
request = function()
    n = n % #requests + 1
    return requests[n]
end
