-- bench/board.lua — wrk script for bench/checkin.sh: people watching the
-- incident board during the burst.  Each connection is one person who
-- reloads the page BOARD_PAUSE_MS (default 250) milliseconds after the
-- last one came, as someone keeping an eye on it would; wrk then counts
-- the answers and their latency.  (A shell loop of curl did this before;
-- it spawned three processes per view, whose CPU came out of the two
-- cores the server and the load generator share.)  It asks for gzip, as
-- every browser does: the board is ~230 KB of HTML with 511 called, and
-- compressing it costs the server about as much as making it.
wrk.headers["Accept-Encoding"] = "gzip, deflate"

local pause = tonumber(os.getenv("BOARD_PAUSE_MS") or "250")

function delay()
	return pause
end
