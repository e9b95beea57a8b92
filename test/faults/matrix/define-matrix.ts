import { describe, expect, it } from 'vitest';
import { invariantNames, violations } from './invariants.ts';
import { runScenario } from './run-scenario.ts';
import { scenarios } from './scenarios.ts';

/**
 * Defines the fault matrix on one database engine: every scenario, judged by the five
 * invariants and its own check. A failure names the invariant, the service and what was seen.
 */
export function defineFaultMatrix(engine: 'PGlite' | 'PostgreSQL', databaseUrl?: string): void {
  describe.skipIf(engine === 'PostgreSQL' && !databaseUrl)(`The fault matrix on ${engine}`, () => {
    it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))(
      '%s',
      async (_name, scenario) => {
        const failures = await runScenario(scenario, databaseUrl ? { databaseUrl } : {}, async (outcome) => [
          ...(await violations(outcome, scenario.ends)).map(
            (v) => `invariant ${v.invariant} (${invariantNames[v.invariant]}) on ${v.service}: ${v.seen}`,
          ),
          ...((await scenario.check?.(outcome)) ?? []),
        ]);
        expect(failures).toEqual([]);
      },
      120_000,
    );
  });
}
