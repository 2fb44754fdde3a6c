-- The fleet's central book. Every table is keyed by merchant first, so a
-- merchant's rows sit together and one PostgreSQL can hold many merchants
-- (and be split by merchant later).

-- A till of the fleet: enrolled with a one-time join code, it holds a
-- 256-bit token of which the server keeps only the SHA-256.
CREATE TABLE tills (
    merchant    text        NOT NULL,
    name        text        NOT NULL,
    prefix      text        NOT NULL,  -- what its references start with, unique in the fleet
    token_hash  bytea,                 -- NULL until the till has joined
    join_hash   bytea,                 -- the one-time join code's SHA-256, NULL once used
    join_expires timestamptz,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    joined_at   timestamptz,
    revoked_at  timestamptz,
    last_contact timestamptz,
    PRIMARY KEY (merchant, name),
    UNIQUE (merchant, prefix)
);
CREATE UNIQUE INDEX tills_token ON tills (token_hash) WHERE token_hash IS NOT NULL;
CREATE UNIQUE INDEX tills_join ON tills (join_hash) WHERE join_hash IS NOT NULL;
