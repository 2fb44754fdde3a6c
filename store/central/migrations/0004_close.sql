-- The fleet's day close (issue 15). (At merge this follows the fleet's
-- last migration: the numbers run without a gap.)

-- Each till's own day closes, as its syncer reports them: the till closed
-- day in currency at closed_at (Unix ms, the till's clock) holding its
-- outbox up to seq, with the facts of its close central does not hold.
-- The fleet day closes once every till's upload has reached its own close.
CREATE TABLE till_closes (
    merchant    text        NOT NULL,
    till        text        NOT NULL,
    day         text        NOT NULL,
    currency    text        NOT NULL,
    seq         bigint      NOT NULL,
    closed_at   bigint      NOT NULL,
    cash_minor  bigint,                -- the cash counted, NULL when not counted
    open_exceptions integer NOT NULL DEFAULT 0,  -- the till's own, open at its close
    reported_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant, till, day, currency),
    FOREIGN KEY (merchant, till) REFERENCES tills (merchant, name)
);

-- A closed fleet day: who closed it, the tills named absent, each till's
-- upload head at closing (what came after is a late arrival), and the
-- figures as they were, printed again as they are.
CREATE TABLE fleet_closes (
    merchant  text        NOT NULL,
    day       text        NOT NULL,
    currency  text        NOT NULL,
    closed_at timestamptz NOT NULL DEFAULT now(),
    closed_by text        NOT NULL,
    heads     jsonb       NOT NULL,
    snapshot  text        NOT NULL,
    PRIMARY KEY (merchant, day, currency)
);

-- Exceptions that belong to no till's outbox (a payment notification no
-- till's order can take) draw their number here.
CREATE SEQUENCE central_exception_seq;

-- The day close reads a merchant's orders of one day in one currency,
-- whatever their till: orders_till_day would read the whole merchant.
CREATE INDEX orders_day ON orders (merchant, day, currency);
