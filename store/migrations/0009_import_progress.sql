-- Imports commit in steps (issue 18), each with its lines and this flag in
-- the same transaction: done = 0 marks an import a kill or a cancel left
-- part way, which importing the same file again resumes after its last
-- whole step. Imports made before were one transaction: done.
ALTER TABLE imports ADD COLUMN done INTEGER NOT NULL DEFAULT 1;
CREATE INDEX imports_unfinished ON imports (sha256) WHERE done = 0;
