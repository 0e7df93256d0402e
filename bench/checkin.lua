-- bench/checkin.lua — wrk script for bench/checkin.sh: POSTs check-in
-- reports for many different people, as their phones would.
--
-- The file named by the environment variable CHECKIN_PATHS holds one
-- personal check-in path per line ("/c/TOKEN", from `itbcp incident tokens
-- --json`).  Each wrk thread starts at a different place in the list and
-- walks it round, so consecutive reports come from different people;
-- status, assembly and location vary from person to person.  The body is
-- what a browser sends for the form of page_checkin.c, the incident's id
-- (CHECKIN_INCIDENT, default 1) first, as the form's hidden field does.

local requests = {}
local n = 0
local counter = 0
local incident = os.getenv("CHECKIN_INCIDENT") or "1"

local statuses = { "safe", "safe", "safe", "injured", "cannot_act" }
local assemblies = { "yes", "yes", "online", "no" }
local places = { "%E8%87%AA%E5%AE%85", "%E7%A7%BB%E5%8B%95%E4%B8%AD", "%E6%9C%AC%E5%BA%81%E8%88%8E" } -- 自宅 移動中 本庁舎

function setup(thread)
	thread:set("offset", math.random(0, 1000000))
end

-- The whole request for person i: built once, so wrk spends its time on
-- the wire rather than in Lua (nginx is measured without a script).
local function build(path, i)
	local assembly = assemblies[i % #assemblies + 1]
	local body = "incident=" .. incident .. "&status=" .. statuses[i % #statuses + 1] ..
		"&assembly=" .. assembly ..
		"&location=" .. places[i % #places + 1] .. "&note="
	if assembly == "yes" then
		body = body .. "&eta=" .. string.format("%02d:%02d", 18 + i % 5, i % 60)
	end
	return wrk.format("POST", path, nil, body)
end

function init(args)
	local file = os.getenv("CHECKIN_PATHS")
	if not file then
		error("CHECKIN_PATHS is not set")
	end
	wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
	for line in io.lines(file) do
		if line ~= "" then
			n = n + 1
			requests[n] = build(line, n)
		end
	end
	if n == 0 then
		error("no check-in paths in " .. file)
	end
	counter = offset or 0
end

function request()
	counter = counter + 1
	return requests[counter % n + 1]
end
