-- greenlight: blue-compatible
-- Expand: an index changes no query result. Not CONCURRENTLY: every migration runs inside one
-- transaction (with its bookkeeping row), where CREATE INDEX CONCURRENTLY is not allowed. On a
-- large table, ship a concurrent index build as its own operation instead.
CREATE INDEX orders_note_idx ON orders (note) WHERE note IS NOT NULL;
