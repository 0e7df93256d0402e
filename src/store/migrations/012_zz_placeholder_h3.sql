-- 012: placeholder on branch h-3 only, so that migration 014 (mine) applies in
-- order before 012/013 of the other branches are merged.  DROP THIS FILE when the
-- real 012_*.sql is merged (it sorts after it, so the real one would win, but
-- keeping both is confusing).
SELECT 1;
