import { defineFaultMatrix } from './matrix/define-matrix.ts';

// The same table runs on the real server in fault-matrix.postgres.test.ts (a file of its own, so
// the two engines run side by side on two cores).
defineFaultMatrix('PGlite');
