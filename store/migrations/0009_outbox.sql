-- The fleet's outbox (issue 14): every event of every order, numbered, in
-- the same transaction as the event itself. A trigger appends it, so no
-- way of writing an event (a sale, a claim, a statement import, expiry)
-- can forget to: the database does it. It is appended whether or not the
-- till has joined a fleet, so a till that joins later uploads its whole
-- history. seq is AUTOINCREMENT: a number is never given twice, even
-- after the newest row were ever removed. The 'created' event carries the
-- order's header, so every entry stands on its own.
CREATE TABLE outbox (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    body    TEXT    NOT NULL,
    -- what the central server said of it when it could not take it:
    -- the entry is quarantined there (kept, with an exception for a
    -- person) and the queue went on.
    verdict TEXT    NOT NULL DEFAULT ''
);

CREATE TRIGGER order_events_outbox AFTER INSERT ON order_events
BEGIN
    INSERT INTO outbox (body)
    SELECT json_object('ref', o.ref, 'id', NEW.id, 'kind', NEW.kind, 'amount', NEW.amount_minor,
        'at', NEW.at, 'recorded_at', NEW.recorded_at, 'source', NEW.source, 'actor', NEW.actor, 'note', NEW.note,
        'order', CASE WHEN NEW.kind = 'created' THEN json_object('amount', o.amount_minor, 'currency', o.currency,
            'note', o.note, 'day', o.day, 'created_at', o.created_at, 'expires_at', o.expires_at, 'schemes', o.schemes) END)
    FROM (SELECT NEW.order_id AS oid) LEFT JOIN orders o ON o.id = oid;
END;

-- An entry's body is what the central server has; it never changes.
CREATE TRIGGER outbox_body_fixed BEFORE UPDATE OF seq, body ON outbox
BEGIN SELECT RAISE(ABORT, 'outbox entries are append-only'); END;

-- The history an existing till already has, in the order it happened.
INSERT INTO outbox (body)
SELECT json_object('ref', o.ref, 'id', e.id, 'kind', e.kind, 'amount', e.amount_minor,
        'at', e.at, 'recorded_at', e.recorded_at, 'source', e.source, 'actor', e.actor, 'note', e.note,
        'order', CASE WHEN e.kind = 'created' THEN json_object('amount', o.amount_minor, 'currency', o.currency,
            'note', o.note, 'day', o.day, 'created_at', o.created_at, 'expires_at', o.expires_at, 'schemes', o.schemes) END)
FROM order_events e LEFT JOIN orders o ON o.id = e.order_id ORDER BY e.id;

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
