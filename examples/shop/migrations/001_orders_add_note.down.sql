-- Loses whatever green wrote into `note`: run only when green is being rolled back.
ALTER TABLE orders DROP COLUMN note;
