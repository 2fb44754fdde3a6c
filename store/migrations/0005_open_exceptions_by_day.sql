-- The day close counts and pages the open exceptions of one day and
-- currency. Joining every exception to its evidence and order to find
-- its day costs a lookup per row, which grows with a day of a million
-- unplaced lines; so each exception carries the day it concerns (its
-- order's business day, else the local day its money moved) and the
-- currency of its money, and a partial index over the open ones lets
-- SQLite count them from the index alone and read a page in order.
-- (Reserved as migration 0007 for the merge; numbered 5 here because
-- migrations must be consecutive.)
ALTER TABLE exceptions ADD COLUMN day TEXT NOT NULL DEFAULT '';
ALTER TABLE exceptions ADD COLUMN currency TEXT NOT NULL DEFAULT '';

UPDATE exceptions SET
    currency = COALESCE((SELECT e.currency FROM evidence e WHERE e.id = exceptions.evidence_id), '?'),
    day = COALESCE((SELECT o.day FROM orders o WHERE o.id = exceptions.order_id),
        (SELECT date(e.at / 1000, 'unixepoch', 'localtime') FROM evidence e WHERE e.id = exceptions.evidence_id), '?');

CREATE INDEX exceptions_open_day ON exceptions (currency, day, id) WHERE resolved_at IS NULL;

-- An exception written without them would be missing from every day
-- close: refuse it, so a new way of recording exceptions cannot forget.
CREATE TRIGGER exceptions_need_day BEFORE INSERT ON exceptions
WHEN NEW.day = '' OR NEW.currency = ''
BEGIN SELECT RAISE(ABORT, 'an exception needs its day and currency'); END;
