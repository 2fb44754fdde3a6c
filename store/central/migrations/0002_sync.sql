-- The fleet protocol (issue 14): every till's outbox, exactly once, and
-- the orders and events folded from it. Keyed by merchant first.

-- Where each till's upload stands: the next outbox seq the book expects
-- (all before it are here), and whether a database presenting another
-- history for an acknowledged seq (a restored or copied till) was refused.
CREATE TABLE sync_heads (
    merchant     text        NOT NULL,
    till         text        NOT NULL,
    next_seq     bigint      NOT NULL DEFAULT 1,
    last_push    timestamptz,
    diverged_at  timestamptz,
    diverged_seq bigint,
    PRIMARY KEY (merchant, till),
    FOREIGN KEY (merchant, till) REFERENCES tills (merchant, name)
);

-- Every outbox entry as the till sent it, with its hash: resending any of
-- them is recognised, and a different body under an acknowledged seq is a
-- divergence. quarantined says why an entry could not be taken: it is
-- kept, with an exception, and the queue goes on.
CREATE TABLE entries (
    merchant    text        NOT NULL,
    till        text        NOT NULL,
    seq         bigint      NOT NULL CHECK (seq > 0),
    hash        bytea       NOT NULL,
    body        text        NOT NULL,
    quarantined text        NOT NULL DEFAULT '',
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant, till, seq)
);

CREATE TABLE orders (
    merchant       text    NOT NULL,
    ref            text    NOT NULL,
    till           text    NOT NULL,  -- the till that made it; only it writes it
    amount_minor   bigint  NOT NULL CHECK (amount_minor > 0),
    currency       text    NOT NULL,
    note           text    NOT NULL DEFAULT '',
    day            text    NOT NULL,
    created_at     bigint  NOT NULL,  -- Unix ms, as the till keeps it
    schemes        text    NOT NULL DEFAULT '',
    status         text    NOT NULL,
    received_minor bigint  NOT NULL DEFAULT 0,
    refunded_minor bigint  NOT NULL DEFAULT 0,
    payments       integer NOT NULL DEFAULT 0,
    claimed        boolean NOT NULL DEFAULT false,
    closed         text    NOT NULL DEFAULT '',
    late           boolean NOT NULL DEFAULT false,
    synced_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant, ref)
);
CREATE INDEX orders_till_day ON orders (merchant, till, day);

-- Order events from every source. refused is set when the fold cannot
-- apply the event (a manual action a merge made invalid): it stays, and
-- an exception asks a person.
CREATE TABLE events (
    merchant     text   NOT NULL,
    till         text   NOT NULL,
    seq          bigint NOT NULL,
    ref          text   NOT NULL,
    event_id     bigint NOT NULL,  -- the event's id in the till's database
    kind         text   NOT NULL,
    amount_minor bigint NOT NULL DEFAULT 0,
    at           bigint NOT NULL,
    recorded_at  bigint NOT NULL,
    source       text   NOT NULL,
    actor        text   NOT NULL,
    note         text   NOT NULL DEFAULT '',
    refused      text   NOT NULL DEFAULT '',
    synced_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant, till, seq),
    UNIQUE (merchant, till, event_id),
    FOREIGN KEY (merchant, till, seq) REFERENCES entries (merchant, till, seq),
    FOREIGN KEY (merchant, ref) REFERENCES orders (merchant, ref)
);
CREATE INDEX events_order ON events (merchant, ref);

-- What a person must look at: quarantined entries, refused events,
-- diverged tills. One per (till, seq, kind), however often it recurs.
CREATE TABLE exceptions (
    merchant    text        NOT NULL,
    id          bigserial,
    till        text        NOT NULL,
    seq         bigint      NOT NULL,
    ref         text        NOT NULL DEFAULT '',
    kind        text        NOT NULL,
    detail      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    PRIMARY KEY (merchant, id),
    UNIQUE (merchant, till, seq, kind)
);
