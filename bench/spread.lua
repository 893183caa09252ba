-- /count/tag.svg spread over 10,000 URLs, one picked at random per request.
math.randomseed(os.time())
request = function()
    return wrk.format("GET", "/count/tag.svg?url=bench.example.com/page-" .. math.random(1, 10000))
end
