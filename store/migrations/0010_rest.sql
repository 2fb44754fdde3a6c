-- The rest of an order (issue 19). Cash the cashier took for it and the
-- rest the cashier marked paid by its own code are part of the order's
-- state (payment.State.Cash, RestClaimed), kept beside the other sums.
ALTER TABLE orders ADD COLUMN cash_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN rest_claimed_minor INTEGER NOT NULL DEFAULT 0;

-- "Charge the rest": a code for the amount still due, with a reference of
-- its own linked to the order. Money for that reference (a claim, a
-- notification, a statement line) settles the order it names. The codes
-- are kept exactly as shown, as order_codes keeps the order's.
CREATE TABLE order_refs (
    ref          TEXT    PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX order_refs_order ON order_refs (order_id, created_at);

CREATE TABLE order_ref_codes (
    ref      TEXT    NOT NULL REFERENCES order_refs (ref),
    position INTEGER NOT NULL,
    label    TEXT    NOT NULL,
    format   TEXT    NOT NULL,
    schemes  TEXT    NOT NULL,
    payload  TEXT    NOT NULL,
    PRIMARY KEY (ref, position)
) WITHOUT ROWID;

-- One reference names one order: an order's own and a linked one never
-- share a value (the message is the one a clash of orders.ref gives, so
-- the writer draws again).
CREATE TRIGGER order_refs_unique BEFORE INSERT ON order_refs
WHEN EXISTS (SELECT 1 FROM orders WHERE ref = NEW.ref)
BEGIN SELECT RAISE(ABORT, 'UNIQUE constraint failed: orders.ref (a linked reference)'); END;
CREATE TRIGGER orders_ref_not_linked BEFORE INSERT ON orders
WHEN EXISTS (SELECT 1 FROM order_refs WHERE ref = NEW.ref)
BEGIN SELECT RAISE(ABORT, 'UNIQUE constraint failed: orders.ref (a linked reference)'); END;
