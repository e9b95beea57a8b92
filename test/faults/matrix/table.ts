import { invariantNames } from './invariants.ts';
import type { FaultScenario } from './scenario.ts';

/** docs/fault-matrix.md's table of scenarios, from the table the tests run (kept in step by a test). */
export function renderMatrixTable(scenarios: readonly FaultScenario[]): string {
  const rows = scenarios.map((scenario, index) => {
    const ends =
      scenario.ends === 'no colour serves'
        ? 'no colour serves: traffic left, lock kept, critical page'
        : `100% ${scenario.ends}`;
    return `| ${index + 1} | ${scenario.name} | ${ends} | ${scenario.defect ?? ''} |`;
  });
  const invariants = Object.entries(invariantNames).map(([n, text]) => `${n}. ${text}`);
  return [
    'Every scenario is judged by all five invariants:',
    '',
    ...invariants,
    '',
    '| # | Fault | Must end with | Defect it caught (before its fix) |',
    '| --: | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
