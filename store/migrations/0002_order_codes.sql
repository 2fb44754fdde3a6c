-- Every payment code shown for an order (one merged EMV code, plus UPI or
-- EPC codes of their own), exactly as the QR carried it.
CREATE TABLE order_codes (
    order_id INTEGER NOT NULL REFERENCES orders (id),
    position INTEGER NOT NULL,
    label    TEXT    NOT NULL,
    format   TEXT    NOT NULL,
    schemes  TEXT    NOT NULL,
    payload  TEXT    NOT NULL,
    PRIMARY KEY (order_id, position)
) WITHOUT ROWID;
