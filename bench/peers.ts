/**
 * `npm run bench`, part 2: the same seeded bad releases at 50 world rps under Greenlight and
 * under the peers' policies (src/simulate/policies), side by side in one run. Writes
 * bench/results/peers.json: {"runs":[{policy, fault, failedRequests, detectSeconds,
 * restoreSeconds, theoreticalMin}]}, and prints the table the README shows.
 *
 *   npx tsx bench/peers.ts [--faults "2% errors,healthy"] [--policies "Flagger"]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { localMigrator, sampleMigrationsDir } from '../src/cli/local-migrations.ts';
import {
  benchFaults,
  comparedPolicies,
  defaultCompareSettings,
  measurePolicy,
  type PolicyRunResult,
} from '../src/simulate/policies/compare-policies.ts';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

const { values } = parseArgs({ options: { faults: { type: 'string' }, policies: { type: 'string' } } });
const chosen = <T extends { name: string }>(all: readonly T[], list: string | undefined): T[] =>
  list === undefined
    ? [...all]
    : all.filter((item) => list.split(',').some((name) => item.name.includes(name.trim())));
const policies = chosen(
  comparedPolicies({ migrator: localMigrator, migrationsDir: sampleMigrationsDir }),
  values.policies,
);
const faults = chosen(benchFaults, values.faults);
const line = (text: string) => process.stdout.write(`${text}\n`);

line(
  `## Failed requests by policy, ${defaultCompareSettings.rps} world rps, seed ${defaultCompareSettings.seed}, ` +
    `counted over ${defaultCompareSettings.horizonSeconds / 60} world minutes from the first shift\n`,
);
const runs: PolicyRunResult[] = [];
for (const fault of faults) {
  for (const policy of policies) {
    const started = performance.now();
    const run = await measurePolicy(policy, fault);
    runs.push(run);
    process.stderr.write(
      `  ${fault.name} · ${policy.name}: ${run.failedRequests} failed (${((performance.now() - started) / 1000).toFixed(0)} s wall)\n`,
    );
  }
}

const seconds = (value: number | null) =>
  value === null ? 'never' : value === 0 ? 'before traffic' : `${value.toFixed(0)} s`;
const greenlight = (fault: string) =>
  runs.find((r) => r.fault === fault && r.policy === 'Greenlight (default)');
const isPeer = (run: PolicyRunResult) => !run.policy.startsWith('Greenlight');
line('| fault | policy | failed requests | detect | restore | theoretical min | vs Greenlight |');
line('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const fault of faults) {
  const ours = greenlight(fault.name);
  for (const run of runs.filter((r) => r.fault === fault.name)) {
    const ratio =
      ours === undefined || run === ours
        ? '—'
        : ours.failedRequests === 0
          ? run.failedRequests === 0
            ? '='
            : `${run.failedRequests} : 0`
          : `${(run.failedRequests / ours.failedRequests).toFixed(1)}×`;
    line(
      `| ${fault.name} | ${run.policy} | ${run.failedRequests} | ${seconds(run.detectSeconds)} | ${seconds(run.restoreSeconds)} | ${run.theoreticalMin.toFixed(0)} | ${ratio} |`,
    );
  }
}

line('\n## The goal: Greenlight fails at most 0.25× the best peer\n');
line('| fault | Greenlight | best peer | its failed | Greenlight / best peer | met |');
line('| --- | ---: | --- | ---: | ---: | --- |');
for (const fault of faults.filter((f) => f.failingShare > 0)) {
  const ours = greenlight(fault.name);
  const best = runs
    .filter((r) => r.fault === fault.name && isPeer(r))
    .sort((a, b) => a.failedRequests - b.failedRequests)[0];
  if (!ours || !best) continue;
  const share =
    best.failedRequests === 0
      ? ours.failedRequests === 0
        ? 0
        : Number.POSITIVE_INFINITY
      : ours.failedRequests / best.failedRequests;
  line(
    `| ${fault.name} | ${ours.failedRequests} | ${best.policy} | ${best.failedRequests} | ${share.toFixed(2)} | ${share <= 0.25 ? 'yes' : 'NO'} |`,
  );
}

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/peers.json', `${JSON.stringify({ runs }, null, 2)}\n`);
line('\nruns written to bench/results/peers.json');
