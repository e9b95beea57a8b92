/**
 * The migrator on every backend: PGlite always, the real server too when DATABASE_URL is set.
 * One file, so PGlite (seconds to start) starts once for all the suites.
 */
import { describe } from 'vitest';
import { backends, useSandboxes } from './backends.ts';
import { describeEngine } from './suites/engine.ts';
import { describeEntryPoints } from './suites/entry-points.ts';

describe.each(backends())('Migrations on $name', (backend) => {
  const ctx = useSandboxes(backend);

  describe('Function: createSqlMigrator', () => describeEngine(ctx));
  describe('Entry points', () => describeEntryPoints(ctx));
});
