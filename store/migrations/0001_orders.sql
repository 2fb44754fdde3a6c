-- Orders and their append-only history. Times are Unix milliseconds (UTC);
-- "day" is the merchant's business day (local date at creation), which the
-- day close groups by.
CREATE TABLE orders (
    id             INTEGER PRIMARY KEY,
    ref            TEXT    NOT NULL UNIQUE,
    amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
    currency       TEXT    NOT NULL,
    note           TEXT    NOT NULL DEFAULT '',
    status         TEXT    NOT NULL,
    received_minor INTEGER NOT NULL DEFAULT 0,
    refunded_minor INTEGER NOT NULL DEFAULT 0,
    payments       INTEGER NOT NULL DEFAULT 0,
    claimed        INTEGER NOT NULL DEFAULT 0,
    closed         TEXT    NOT NULL DEFAULT '',
    late           INTEGER NOT NULL DEFAULT 0,
    schemes        TEXT    NOT NULL DEFAULT '',
    day            TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
-- Few indexes on columns that change, since every payment rewrites the
-- status: only open orders are indexed by status, for expiry (they are
-- few: an order stays open minutes). Listing by status walks orders_created.
CREATE INDEX orders_open ON orders (expires_at) WHERE status = 'open';
CREATE INDEX orders_created ON orders (created_at);
CREATE INDEX orders_day ON orders (day);

CREATE TABLE order_events (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    kind         TEXT    NOT NULL,
    amount_minor INTEGER NOT NULL DEFAULT 0,
    at           INTEGER NOT NULL,
    recorded_at  INTEGER NOT NULL,
    source       TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    note         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX order_events_order ON order_events (order_id, id);

-- History is evidence: it is never edited or removed.
CREATE TRIGGER order_events_no_update BEFORE UPDATE ON order_events
BEGIN SELECT RAISE(ABORT, 'order events are append-only'); END;
CREATE TRIGGER order_events_no_delete BEFORE DELETE ON order_events
BEGIN SELECT RAISE(ABORT, 'order events are append-only'); END;
