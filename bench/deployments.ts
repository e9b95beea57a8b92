/**
 * `npm run bench`: the deployment figures, measured side by side in one run.
 *
 * 1. State transitions per deployment (billing): plans of 1, 3 and 10 steps, bakes of 1 minute
 *    and 1 hour, on the real deploy.asl.json with in-memory adapters (time compressed so each
 *    bake takes ~50 ms). The ratio hour/minute must be 1.00: transitions do not grow with time.
 * 2. Failed requests during a bad-green deploy (20% errors) on the local world, against the
 *    theoretical minimum: canary weight × error rate × rps × one alarm period.
 * 3. Failed requests during healthy deploys at 200, 500 and 1,000 requests per second.
 *
 * Writes the figures to reports/bench.json as well.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { localMigrator, sampleMigrationsDir } from '../src/cli/local-migrations.ts';
import { runSimulation, type SimulationOptions } from '../src/simulate/run-simulation.ts';
import { type ScenarioName, scenario } from '../src/simulate/scenarios.ts';
import { deployRequest, stagingConfig } from '../test/support/fixtures.ts';
import { createWorkflowHarness } from '../test/support/workflow-harness.ts';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

async function transitionsFor(steps: number, bakeSeconds: number): Promise<number> {
  const weights = Array.from({ length: steps }, (_, i) => Math.round(((i + 1) * 100) / steps));
  const harness = createWorkflowHarness({
    configs: {
      staging: stagingConfig({
        trafficPlan: weights.map((weightPercent) => ({ weightPercent, bakeSeconds })),
        standbySeconds: bakeSeconds,
      }),
    },
  });
  harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
  const execution = await harness.run(deployRequest());
  if (execution.status !== 'SUCCEEDED')
    throw new Error(`transition bench: ${execution.error} ${execution.cause}`);
  return execution.history.transitions();
}

function simulation(name: ScenarioName, rps: number): SimulationOptions {
  return {
    scenario: name,
    green: scenario(name),
    rps,
    plan: [10, 50, 100].map((weightPercent) => ({ weightPercent, bakeSeconds: 300 })),
    standbySeconds: 300,
    seed: 1,
    migrator: localMigrator,
    migrationsDir: sampleMigrationsDir,
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
  };
}

const results: Record<string, unknown> = {};
const line = (text: string) => process.stdout.write(`${text}\n`);

line('## State transitions per deployment (standard workflows are billed per transition)\n');
line('| plan steps | 1-minute bakes | 1-hour bakes | ratio hour/minute |');
line('| ---: | ---: | ---: | ---: |');
const transitions: Record<string, { minute: number; hour: number }> = {};
for (const steps of [1, 3, 10]) {
  const minute = await transitionsFor(steps, 60);
  const hour = await transitionsFor(steps, 3600);
  transitions[steps] = { minute, hour };
  line(`| ${steps} | ${minute} | ${hour} | ${(hour / minute).toFixed(2)} |`);
}
results.transitions = transitions;

line('\n## Failed requests during a bad-green deployment (green answers 20% with 500)\n');
line(
  '| rps | failed (measured) | theoretical minimum | ratio | time to detect (world s) | time to restore (world s) | lost writes |',
);
line('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const bad = [];
for (const rps of [200, 500, 1000]) {
  const { summary } = await runSimulation(simulation('bad-green-errors', rps));
  const failed = summary.failed.blue + summary.failed.green + summary.failed.unknown;
  const minimum = summary.theoreticalMinimumFailed ?? 0;
  bad.push({
    rps,
    failed,
    minimum,
    detect: summary.timeToDetectSeconds,
    restore: summary.timeToRestoreSeconds,
    outcome: summary.outcome,
  });
  line(
    `| ${rps} | ${failed} | ${minimum.toFixed(1)} | ${minimum > 0 ? (failed / minimum).toFixed(1) : '—'} | ${summary.timeToDetectSeconds?.toFixed(1) ?? '—'} | ${summary.timeToRestoreSeconds?.toFixed(1) ?? '—'} | ${summary.database.lost} |`,
  );
}
results.badGreen = bad;

line('\n## Failed requests during healthy deployments\n');
line('| rps | requests sent | failed | failed share | outcome | lost writes | wall-clock s |');
line('| ---: | ---: | ---: | ---: | --- | ---: | ---: |');
const healthy = [];
for (const rps of [200, 500, 1000]) {
  const { summary } = await runSimulation(simulation('healthy', rps));
  const failed = summary.failed.blue + summary.failed.green + summary.failed.unknown;
  healthy.push({
    rps,
    sent: summary.requestsSent,
    failed,
    outcome: summary.outcome,
    lost: summary.database.lost,
  });
  line(
    `| ${rps} | ${summary.requestsSent} | ${failed} | ${((failed * 100) / Math.max(1, summary.requestsSent)).toFixed(3)}% | ${summary.outcome} | ${summary.database.lost} | ${summary.wall.seconds.toFixed(1)} |`,
  );
}
results.healthy = healthy;

mkdirSync('reports', { recursive: true });
writeFileSync('reports/bench.json', `${JSON.stringify(results, null, 2)}\n`);
line('\nfigures also written to reports/bench.json');
