-- greenlight: blue-compatible
-- Expand: a nullable column with no default. Blue's INSERTs name their columns and never
-- mention `note`, so they keep working; ADD COLUMN without a default does not rewrite the table.
ALTER TABLE orders ADD COLUMN note text;
