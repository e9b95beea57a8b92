import { type ChildProcess, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { localMigrator, sampleMigrationsDir } from '../../src/cli/local-migrations.ts';
import type { SimulationTimeline } from '../../src/report/timeline.ts';
import { runSimulation, type SimulationOptions } from '../../src/simulate/run-simulation.ts';
import { scenario } from '../../src/simulate/scenarios.ts';

/** Two processes that keep both cores busy, as other work on a build machine would. */
async function withCpuHogs<T>(run: () => Promise<T>): Promise<T> {
  const hogs: ChildProcess[] = [0, 1].map(() =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
  try {
    return await run();
  } finally {
    for (const hog of hogs) hog.kill('SIGKILL');
  }
}

/** Everything a run reports, but how long it took on this machine. */
const figures = ({ summary, samples, markers }: SimulationTimeline) => {
  const { wall: _machineDependent, ...rest } = summary;
  return { summary: rest, samples, markers };
};

const backends = [
  { name: 'PGlite', databaseUrl: undefined },
  ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', databaseUrl: process.env.DATABASE_URL }] : []),
];

describe.each(backends)('the same seed gives the same run on $name', ({ databaseUrl }) => {
  it('prints identical figures and timelines idle and with both cores busy', async () => {
    // Prepare: a bad green, so detection, rollback and the data checks are all in the figures.
    const options: SimulationOptions = {
      scenario: 'bad-green-errors',
      green: scenario('bad-green-errors'),
      rps: 20,
      plan: [10, 50, 100].map((weightPercent) => ({ weightPercent, bakeSeconds: 120 })),
      standbySeconds: 60,
      seed: 11,
      migrator: localMigrator,
      migrationsDir: sampleMigrationsDir,
      ...(databaseUrl ? { databaseUrl } : {}),
    };

    // Act
    const idle = await runSimulation(options);
    const busy = await withCpuHogs(() => runSimulation(options));

    // Assess
    expect(idle.summary.outcome).toBe('rolled-back');
    expect(figures(busy)).toEqual(figures(idle));
  }, 120_000);
});
