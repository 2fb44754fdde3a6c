-- The rest of an order taken in cash, and the rest the cashier marked paid
-- by its own code (issue 19), kept on the central order as the till keeps
-- them: without them the book's order and the fold of its events differed
-- for every such order, and till central check reported it.
ALTER TABLE orders
    ADD COLUMN cash_minor         bigint NOT NULL DEFAULT 0,
    ADD COLUMN rest_claimed_minor bigint NOT NULL DEFAULT 0;

-- Orders folded before this migration: the sums of their events the fold
-- took (a refused event changed nothing).
UPDATE orders o SET
    cash_minor = COALESCE((SELECT sum(e.amount_minor) FROM events e
        WHERE e.merchant = o.merchant AND e.ref = o.ref AND e.kind = 'cash' AND e.refused = ''), 0),
    rest_claimed_minor = COALESCE((SELECT sum(e.amount_minor) FROM events e
        WHERE e.merchant = o.merchant AND e.ref = o.ref AND e.kind = 'rest-claimed' AND e.refused = ''), 0)
WHERE EXISTS (SELECT 1 FROM events e WHERE e.merchant = o.merchant AND e.ref = o.ref
    AND e.kind IN ('cash', 'rest-claimed'));
