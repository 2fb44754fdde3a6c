-- The fleet this till has joined (till join URL CODE): at most one row.
-- The token is the till's secret towards the central server; the database
-- file is the owner's only.
CREATE TABLE fleet (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    url       TEXT    NOT NULL,
    merchant  TEXT    NOT NULL,
    name      TEXT    NOT NULL,
    prefix    TEXT    NOT NULL,
    token     TEXT    NOT NULL,
    joined_at INTEGER NOT NULL
) STRICT;
