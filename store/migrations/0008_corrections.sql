-- Corrections (issue 11): a line a bank corrected away (OFX CORRECTACTION
-- DELETE or REPLACE) keeps its row, as all evidence does; corrected_by
-- names the evidence that undid it, so it is undone once only and the
-- money check can leave it out. corrects is the key a correcting line
-- names.
ALTER TABLE evidence ADD COLUMN corrected_by INTEGER REFERENCES evidence (id);
ALTER TABLE evidence ADD COLUMN corrects TEXT NOT NULL DEFAULT '';
