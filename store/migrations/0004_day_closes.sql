-- Closed business days: who closed them, the cash counted, and the
-- report exactly as it was at closing, so it can be printed again
-- unchanged whatever arrives later.
CREATE TABLE day_closes (
    day        TEXT    NOT NULL,
    currency   TEXT    NOT NULL,
    closed_at  INTEGER NOT NULL,
    closed_by  TEXT    NOT NULL,
    cash_minor INTEGER,
    note       TEXT    NOT NULL DEFAULT '',
    snapshot   TEXT    NOT NULL,
    PRIMARY KEY (day, currency)
) WITHOUT ROWID;
