-- bench/search.lua — wrk script for bench/web.sh: a search no server
-- thread has kept, on every request.  The URL given to wrk ends in "?q="
-- (or "&q="); each request appends the next number of 0–4,999 to it, the
-- two wrk threads half the cycle apart, so a term comes again only after
-- ~5,000 others — far beyond the 16 searches each page thread keeps
-- (CACHE_SEARCH_MAX, src/web/core/cache.h).  On a generated plan a number
-- matches from every row ("0") to none, mostly a few rows (ids, phone
-- numbers); the page of each is made, counted and kept anew.
local threads = 0
counter = 0

function setup(thread)
	thread:set("id", threads)
	threads = threads + 1
end

function init(args)
	counter = (id or 0) * 2500
end

function request()
	counter = (counter + 1) % 5000
	return wrk.format(nil, wrk.path .. counter)
end
