-- Evidence of money: every statement line and every payment notification
-- item, deduplicated by its key, with what reconciliation made of it.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    file        TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    format      TEXT    NOT NULL,
    lines       INTEGER NOT NULL DEFAULT 0,
    new_lines   INTEGER NOT NULL DEFAULT 0,
    first_at    INTEGER,
    last_at     INTEGER,
    imported_at INTEGER NOT NULL,
    actor       TEXT    NOT NULL
);

CREATE TABLE notifications (
    id          TEXT    PRIMARY KEY,
    kind        TEXT    NOT NULL,
    received_at INTEGER NOT NULL,
    body        BLOB    NOT NULL,
    verdict     TEXT    NOT NULL DEFAULT ''
);

-- Notifications refused before they could mean anything (bad signature,
-- stale timestamp, malformed body): kept for audit, never matched.
CREATE TABLE rejected_notifications (
    id          INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL,
    remote      TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    body        BLOB    NOT NULL
);

CREATE TABLE evidence (
    id           INTEGER PRIMARY KEY,
    key          TEXT    NOT NULL,          -- unique: checked through key_hash
    key_hash     INTEGER NOT NULL,          -- 64-bit FNV-1a of key
    source       TEXT    NOT NULL,          -- 'statement' or 'notification'
    import_id    INTEGER REFERENCES imports (id),
    notification TEXT    REFERENCES notifications (id),
    provider_id  TEXT    NOT NULL DEFAULT '',
    at           INTEGER NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency     TEXT    NOT NULL,
    credit       INTEGER NOT NULL,
    pending      INTEGER NOT NULL DEFAULT 0,
    reversal     INTEGER NOT NULL DEFAULT 0,
    reference    TEXT    NOT NULL DEFAULT '',
    text         TEXT    NOT NULL DEFAULT '',
    counterparty TEXT    NOT NULL DEFAULT '',
    outcome      TEXT    NOT NULL,
    rule         TEXT    NOT NULL DEFAULT '',
    applied      INTEGER NOT NULL DEFAULT 0, -- an order event was recorded from it
    order_id     INTEGER REFERENCES orders (id),
    created_at   INTEGER NOT NULL
);
-- Plain indexes, not partial ones: SQLite re-plans a statement whose
-- bound parameters decide whether a partial index applies, on every run.
CREATE INDEX evidence_provider ON evidence (provider_id);
-- Keys are long and random (bank ids, content hashes); an index of their
-- 64-bit hashes is a fifth of the size and stays in the page cache during
-- a million-line import. A hash match is confirmed on the key itself.
CREATE INDEX evidence_key ON evidence (key_hash);
CREATE INDEX evidence_order ON evidence (order_id) WHERE order_id IS NOT NULL;

-- What a person must look at: short, late, duplicate and unplaced money.
CREATE TABLE exceptions (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL,
    evidence_id INTEGER NOT NULL REFERENCES evidence (id),
    order_id    INTEGER REFERENCES orders (id),
    detail      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    resolution  TEXT    NOT NULL DEFAULT '',
    resolved_by TEXT    NOT NULL DEFAULT '',
    note        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX exceptions_open ON exceptions (resolved_at, id);
CREATE INDEX exceptions_order ON exceptions (order_id);

-- Orders by amount and time: the amount+time pass. Status is not in the
-- index, so paying an order does not touch it.
CREATE INDEX orders_amount ON orders (currency, amount_minor, created_at);
