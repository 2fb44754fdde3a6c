-- Refused deliveries are kept within bounds (see store/rejected.go): at
-- most a prefix of each body, and the newest rows within a count and a
-- byte budget. One row counts what is kept and what was dropped to stay
-- within them, so the bound costs no scan.
ALTER TABLE rejected_notifications ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
CREATE TABLE rejected_stats (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    kept          INTEGER NOT NULL,
    kept_bytes    INTEGER NOT NULL,
    dropped       INTEGER NOT NULL,
    dropped_bytes INTEGER NOT NULL
);
-- Rows kept by an older till: bodies cut to the prefix kept from now on
-- (512 bytes), and only the newest 1,000 kept (MaxRejectedRows).
UPDATE rejected_notifications SET body = substr(body, 1, 512) WHERE length(body) > 512;
UPDATE rejected_notifications SET size = length(body) + length(reason) + length(remote);
INSERT INTO rejected_stats (id, kept, kept_bytes, dropped, dropped_bytes)
SELECT 1, 0, 0,
       (SELECT count(*) FROM rejected_notifications WHERE id NOT IN (SELECT id FROM rejected_notifications ORDER BY id DESC LIMIT 1000)),
       (SELECT COALESCE(SUM(size), 0) FROM rejected_notifications WHERE id NOT IN (SELECT id FROM rejected_notifications ORDER BY id DESC LIMIT 1000));
DELETE FROM rejected_notifications WHERE id NOT IN (SELECT id FROM rejected_notifications ORDER BY id DESC LIMIT 1000);
UPDATE rejected_stats SET kept = (SELECT count(*) FROM rejected_notifications),
                          kept_bytes = (SELECT COALESCE(SUM(size), 0) FROM rejected_notifications);
