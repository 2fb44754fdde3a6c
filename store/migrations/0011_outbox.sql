-- The fleet's outbox (issue 14). The order events are the outbox: an
-- event's id is given in the transaction that writes it, one more than
-- the largest before (SQLite's rowid rule), and events are never changed
-- or removed (the order_events triggers), so the ids number every change
-- of the books from 1 without a gap, in the same transaction as the
-- change, at no extra cost to any write (a statement import writes tens
-- of thousands of events; a trigger copying each would slow it down by
-- half). `till check` verifies that the ids have no gap. Every till
-- numbers its events whether or not it has joined a fleet, so a till that
-- joins later uploads its whole history.

-- What the central server said of an entry it could not take: it is
-- quarantined there (kept, with an exception for a person) and the
-- queue went on.
CREATE TABLE outbox_verdicts (
    seq     INTEGER PRIMARY KEY REFERENCES order_events (id),
    verdict TEXT    NOT NULL
) STRICT;

-- Where the upload stands: the highest seq the central server has
-- acknowledged, and the outcome of the last attempt.
CREATE TABLE sync_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    acked       INTEGER NOT NULL DEFAULT 0,
    last_ok     INTEGER,            -- Unix ms of the last successful exchange
    last_try    INTEGER,
    last_error  TEXT    NOT NULL DEFAULT '',
    diverged    TEXT    NOT NULL DEFAULT ''  -- why central refuses this file's history, if it does
) STRICT;
INSERT INTO sync_state (id) VALUES (1);
