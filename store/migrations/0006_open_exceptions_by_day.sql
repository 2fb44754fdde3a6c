-- The day close counts and pages the open exceptions of one day (in every
-- currency: an exception in another currency concerns the till too), in time and memory that do not grow with their number (a day
-- can have a million unplaced lines). Each exception carries the day it
-- concerns (its order's business day, else the local day its money moved)
-- and the currency of its money; a partial index over the open ones reads
-- the first page in order, and open_exception_counts, kept by triggers in
-- the same transaction as every change, gives the count in one lookup
-- (counting a million index entries takes over a second).
ALTER TABLE exceptions ADD COLUMN day TEXT NOT NULL DEFAULT '';
ALTER TABLE exceptions ADD COLUMN currency TEXT NOT NULL DEFAULT '';

UPDATE exceptions SET
    currency = COALESCE((SELECT e.currency FROM evidence e WHERE e.id = exceptions.evidence_id), '?'),
    day = COALESCE((SELECT o.day FROM orders o WHERE o.id = exceptions.order_id),
        (SELECT date(e.at / 1000, 'unixepoch', 'localtime') FROM evidence e WHERE e.id = exceptions.evidence_id), '?');

CREATE INDEX exceptions_open_day ON exceptions (day, id) WHERE resolved_at IS NULL;

-- An exception written without them would be missing from every day
-- close: refuse it, so a new way of recording exceptions cannot forget.
CREATE TRIGGER exceptions_need_day BEFORE INSERT ON exceptions
WHEN NEW.day = '' OR NEW.currency = ''
BEGIN SELECT RAISE(ABORT, 'an exception needs its day and currency'); END;

CREATE TABLE open_exception_counts (
    currency TEXT    NOT NULL,
    day      TEXT    NOT NULL,
    open     INTEGER NOT NULL,
    PRIMARY KEY (day, currency)
) WITHOUT ROWID;

INSERT INTO open_exception_counts (currency, day, open)
    SELECT currency, day, count(*) FROM exceptions WHERE resolved_at IS NULL GROUP BY currency, day;

CREATE TRIGGER exceptions_count_insert AFTER INSERT ON exceptions
WHEN NEW.resolved_at IS NULL
BEGIN
    INSERT INTO open_exception_counts (currency, day, open) VALUES (NEW.currency, NEW.day, 1)
        ON CONFLICT (currency, day) DO UPDATE SET open = open + 1;
END;

CREATE TRIGGER exceptions_count_update AFTER UPDATE OF resolved_at, day, currency ON exceptions
BEGIN
    UPDATE open_exception_counts SET open = open - 1
        WHERE OLD.resolved_at IS NULL AND currency = OLD.currency AND day = OLD.day;
    INSERT INTO open_exception_counts (currency, day, open) SELECT NEW.currency, NEW.day, 1
        WHERE NEW.resolved_at IS NULL
        ON CONFLICT (currency, day) DO UPDATE SET open = open + 1;
END;

CREATE TRIGGER exceptions_count_delete AFTER DELETE ON exceptions
WHEN OLD.resolved_at IS NULL
BEGIN
    UPDATE open_exception_counts SET open = open - 1 WHERE currency = OLD.currency AND day = OLD.day;
END;
