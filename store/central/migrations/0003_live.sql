-- The fleet, live (issue 15): payment notifications received centrally,
-- and what central sends down to each till. (At merge this follows the
-- fleet's last migration: the numbers run without a gap.)

-- Every notification the central servers took, once per sender's id: a
-- second delivery changes nothing and is answered with the first verdict
-- (which till each payment went to).
CREATE TABLE notifications (
    merchant    text        NOT NULL,
    id          text        NOT NULL,
    kind        text        NOT NULL,
    body        bytea       NOT NULL,
    received_at timestamptz NOT NULL,
    verdict     text        NOT NULL DEFAULT '[]',
    PRIMARY KEY (merchant, id)
);

-- Each till's queue of messages from central, numbered from 1 per till.
-- A number is drawn under the row lock of the till's down_heads row, so
-- numbers become visible in order: a till reading "after N" never skips
-- one that commits late. acked is the last number the till said it holds.
CREATE TABLE down_heads (
    merchant  text        NOT NULL,
    till      text        NOT NULL,
    last_n    bigint      NOT NULL DEFAULT 0,
    acked     bigint      NOT NULL DEFAULT 0,
    last_poll timestamptz,
    PRIMARY KEY (merchant, till),
    FOREIGN KEY (merchant, till) REFERENCES tills (merchant, name)
);

CREATE TABLE down (
    merchant   text        NOT NULL,
    till       text        NOT NULL,
    n          bigint      NOT NULL CHECK (n > 0),
    kind       text        NOT NULL,   -- "notify"
    source     text        NOT NULL,   -- the notification's id
    body       text        NOT NULL,   -- the message, JSON
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant, till, n),
    FOREIGN KEY (merchant, till) REFERENCES down_heads (merchant, till)
);

-- Refused notification requests, kept for audit within bounds (the
-- newest 1000 per merchant, 512 bytes of body each), as till serve does.
CREATE TABLE refused_requests (
    merchant    text        NOT NULL,
    id          bigserial,
    remote      text        NOT NULL,
    reason      text        NOT NULL,
    body        bytea       NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant, id)
);
