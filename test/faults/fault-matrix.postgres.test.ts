import { defineFaultMatrix } from './matrix/define-matrix.ts';

// Runs when DATABASE_URL names a real PostgreSQL server (as .ci/run sets it); PGlite runs the same table.
defineFaultMatrix('PostgreSQL', process.env.DATABASE_URL);
