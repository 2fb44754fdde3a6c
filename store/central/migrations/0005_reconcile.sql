-- Fleet reconciliation (issue 15): statements of the fleet's one bank
-- account, matched centrally and sent down to the tills concerned.
-- (fleetclose may also add a 0004: the lead renumbers at merge.)

-- One run of till central reconcile: its files and how far it got.
CREATE TABLE recon_imports (
    merchant   text        NOT NULL,
    id         bigserial,
    files      text        NOT NULL,
    sha256     text        NOT NULL,
    format     text        NOT NULL,
    actor      text        NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    lines      bigint      NOT NULL DEFAULT 0,
    new_lines  bigint      NOT NULL DEFAULT 0,
    done       boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (merchant, id)
);

-- Every statement line the fleet took, once per key: a line imported
-- again, or in an overlapping file, is recognised and changes nothing.
-- It is written in the transaction that queues it for its till (a down
-- message whose source is 'statement:' || import_id) or raises its
-- central exception. event_kind and event_minor are what central expects
-- the till to record: until the till's event comes up (its source is
-- 'statement:' || key) or the till has acknowledged every message of the
-- import, central counts it when a line matches the order again.
CREATE TABLE recon_lines (
    merchant     text    NOT NULL,
    key          text    NOT NULL,
    id           bigserial,
    import_id    bigint  NOT NULL,
    provider_id  text    NOT NULL DEFAULT '',
    amount_minor bigint  NOT NULL,
    currency     text    NOT NULL,
    credit       boolean NOT NULL,
    at           bigint  NOT NULL,      -- Unix ms, as the line says
    outcome      text    NOT NULL,
    rule         text    NOT NULL DEFAULT '',
    ref          text    NOT NULL DEFAULT '',
    till         text    NOT NULL DEFAULT '',  -- '' : the line stays central
    event_kind   text    NOT NULL DEFAULT '',
    event_minor  bigint  NOT NULL DEFAULT 0,
    exception    text    NOT NULL DEFAULT '',
    PRIMARY KEY (merchant, key)
);
CREATE INDEX recon_lines_ref ON recon_lines (merchant, ref) WHERE event_kind <> '';
CREATE INDEX recon_lines_provider ON recon_lines (merchant, provider_id) WHERE provider_id <> '';

-- The amount-and-time pass looks for orders still waiting for money.
CREATE INDEX orders_waiting ON orders (merchant, currency, amount_minor, created_at) WHERE status IN ('open', 'claimed');
