-- The reference a statement line carried, kept with the line, so that a
-- line whose key comes back with other content (another amount, day,
-- direction or reference) is told apart from the same line imported
-- again, as a till's book does. NULL: a line recorded before this column,
-- whose reference is not known and not compared.
ALTER TABLE recon_lines ADD COLUMN reference text;
