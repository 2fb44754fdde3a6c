-- The reference a statement line carried, kept with the line, so that a
-- line whose key comes back with other content (another amount, day,
-- direction or reference) is told apart from the same line imported
-- again, as a till's book does. NULL: a line recorded before this column,
-- whose reference is not known and not compared.
ALTER TABLE recon_lines ADD COLUMN reference text;

-- The highest recon_lines id an import had recorded when its progress
-- was last written (the end of its last whole step): resuming it, its
-- lines above this id are those of the step it stopped in, which it
-- counts once as its own; a line at or below it seen again later in the
-- file is a duplicate, as in a run never stopped.
ALTER TABLE recon_imports ADD COLUMN through_id bigint NOT NULL DEFAULT 0;
