/**
 * `npm run bench`: the deployment figures, measured side by side in one run.
 *
 * 1. State transitions per deployment (billing): plans of 1, 3 and 10 steps, bakes of 1 minute
 *    and 1 hour, on the real deploy.asl.json with in-memory adapters (time compressed so each
 *    bake takes ~50 ms). The ratio hour/minute must be 1.00: transitions do not grow with time.
 * 2. The simulator's speed: a healthy release at 5, 50 and 500 world rps, its real requests
 *    against rps × world seconds, the wall time and the real requests per second.
 * Failed requests under bad releases, against the peers' policies, are bench/peers.ts; memory
 * per service and throughput are bench/many-services.ts.
 *
 * Writes the figures to reports/bench.json as well.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { localMigrator, sampleMigrationsDir } from '../src/cli/local-migrations.ts';
import { runSimulation, type SimulationOptions } from '../src/simulate/run-simulation.ts';
import { scenario } from '../src/simulate/scenarios.ts';
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
        // The in-memory ECS reports steady state at its second check, here the relay's sweep.
        deployGreen: { maxWaitSeconds: 900 },
      }),
    },
  });
  harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
  const execution = await harness.run(deployRequest());
  if (execution.status !== 'SUCCEEDED')
    throw new Error(`transition bench: ${execution.error} ${execution.cause}`);
  return execution.history.transitions();
}

/** A healthy release through 10/50/100 with the given bakes, on PGlite unless DATABASE_URL is set. */
function healthyRun(rps: number, bakeSeconds: number, standbySeconds: number): SimulationOptions {
  return {
    scenario: 'healthy',
    green: scenario('healthy'),
    rps,
    plan: [10, 50, 100].map((weightPercent) => ({ weightPercent, bakeSeconds })),
    standbySeconds,
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

// The snapshot and rollout waits are callback tasks that the wait relay completes on RDS's and
// ECS's events, so a slow snapshot costs no transitions either (before: 3 more per 30 s poll, 392
// for a one-hour snapshot).
line('\n## State transitions with a slow snapshot (the local world: 3 steps, 5-minute bakes, 5 rps)\n');
line('| snapshot takes | transitions | world s | wall s |');
line('| ---: | ---: | ---: | ---: |');
const slowSnapshot: Record<string, { transitions: number; worldSeconds: number }> = {};
for (const snapshotCreationSeconds of [60, 3600]) {
  const { summary } = await runSimulation({ ...healthyRun(5, 300, 60), snapshotCreationSeconds });
  if (summary.outcome !== 'succeeded') throw new Error(`slow-snapshot bench: the release ${summary.outcome}`);
  slowSnapshot[snapshotCreationSeconds] = {
    transitions: summary.transitions,
    worldSeconds: summary.worldSeconds,
  };
  line(
    `| ${snapshotCreationSeconds / 60} min | ${summary.transitions} | ${summary.worldSeconds.toFixed(0)} | ${summary.wall.seconds.toFixed(1)} |`,
  );
}
results.slowSnapshot = slowSnapshot;

line('\n## The simulator: real requests in virtual time (a healthy release, 10/50/100)\n');
line(
  '| world rps | bakes | world s | requests sent | rps × world s | agreement | not sent | failed | wall s | real requests/s | peak RSS MB |',
);
line('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const simulator = [];
for (const [rps, bakeSeconds, standbySeconds] of [
  [5, 300, 60],
  [50, 300, 60],
  [500, 60, 60],
] as const) {
  const { summary } = await runSimulation(healthyRun(rps, bakeSeconds, standbySeconds));
  const failed = summary.failed.blue + summary.failed.green + summary.failed.unknown;
  const agreement = summary.requestsSent / summary.requestsScheduled;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  simulator.push({
    rps,
    bakeSeconds,
    worldSeconds: summary.worldSeconds,
    sent: summary.requestsSent,
    scheduled: summary.requestsScheduled,
    notSent: summary.notSent,
    failed,
    outcome: summary.outcome,
    wallSeconds: summary.wall.seconds,
    realRequestsPerSecond: summary.wall.requestsPerSecond,
  });
  line(
    `| ${rps} | ${bakeSeconds} s | ${summary.worldSeconds.toFixed(0)} | ${summary.requestsSent} | ${summary.requestsScheduled} | ${(agreement * 100).toFixed(2)}% | ${summary.notSent} | ${failed} | ${summary.wall.seconds.toFixed(1)} | ${summary.wall.requestsPerSecond.toFixed(0)} | ${peakRssMb.toFixed(0)} |`,
  );
}
results.simulator = simulator;

mkdirSync('reports', { recursive: true });
writeFileSync('reports/bench.json', `${JSON.stringify(results, null, 2)}\n`);
line('\nfigures also written to reports/bench.json');
