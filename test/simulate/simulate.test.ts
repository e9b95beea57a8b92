import { describe, expect, it } from 'vitest';
import { localMigrator, sampleMigrationsDir } from '../../src/cli/local-migrations.ts';
import { formatDetection } from '../../src/report/numbers.ts';
import { runSimulation, type SimulationOptions } from '../../src/simulate/run-simulation.ts';
import { type ScenarioName, scenario } from '../../src/simulate/scenarios.ts';

/** Seed 003's run: 10% → 50% → 100% with 5-minute bakes, on the world's virtual clock. */
function options(name: ScenarioName, overrides: Partial<SimulationOptions> = {}): SimulationOptions {
  return {
    scenario: name,
    green: scenario(name),
    rps: 10,
    plan: [10, 50, 100].map((weightPercent) => ({ weightPercent, bakeSeconds: 300 })),
    standbySeconds: 60,
    seed: 7,
    migrator: localMigrator,
    migrationsDir: sampleMigrationsDir,
    ...overrides,
  };
}

describe('greenlight simulate: real HTTP, real PostgreSQL, the real workflow', () => {
  it('moves a healthy release to 100% with no failed request out of at least 9,000', async () => {
    // Act
    const { summary, samples } = await runSimulation(options('healthy'));

    // Assess
    expect(summary.outcome).toBe('succeeded');
    expect(summary.requestsSent).toBeGreaterThanOrEqual(9000);
    // Load is in world requests per second: what was sent is rps × world seconds, all of it.
    expect(summary.requestsSent).toBe(summary.requestsScheduled);
    expect(summary.requestsSent).toBe(Math.floor(summary.rps * summary.worldSeconds));
    expect(summary.notSent).toBe(0);
    expect(summary.failed).toEqual({ blue: 0, green: 0, unknown: 0 });
    expect(summary.database.lost).toBe(0);
    expect(summary.database.rowsAfter).toBeGreaterThan(summary.database.rowsBefore);
    const greenShares = [...new Set(samples.map((s) => s.weights.green))];
    expect(greenShares).toEqual([0, 10, 50, 100]);
  }, 90_000);

  it('rolls a 20%-error green back in its pre-traffic trial, before any user request reaches it', async () => {
    // Act
    const { summary, samples } = await runSimulation(options('bad-green-errors'));

    // Assess
    expect(summary.outcome).toBe('rolled-back');
    expect(summary.error).toBe('VerificationFailedError');
    expect(summary.cause).toMatch(/pre-traffic trial failed: early verdict: \d+ errors in 600 requests/);
    expect(summary.failed).toEqual({ blue: 0, green: 0, unknown: 0 });
    expect(samples.every((s) => s.weights.green === 0)).toBe(true);
    expect(summary.caughtBeforeTraffic).toBe(true);
    expect(formatDetection(summary)).toBe('before any user traffic');
    expect(summary.database.lost).toBe(0);
  }, 90_000);

  it('without the trial, rolls a 20%-error green back on its alarm, reporting failures beside the theoretical minimum', async () => {
    // Act
    const { summary } = await runSimulation({ ...options('bad-green-errors'), preTrafficTrial: false });

    // Assess
    expect(summary.outcome).toBe('rolled-back');
    expect(summary.error).toBe('AlarmTriggeredError');
    expect(summary.failed.blue).toBe(0);
    expect(summary.failed.green).toBeGreaterThan(0);
    expect(summary.theoreticalMinimumFailed).toBeGreaterThan(0);
    expect(summary.detectionPeriodSeconds).toBe(10);
    expect(summary.timeToDetectSeconds).not.toBeNull();
    expect(summary.timeToRestoreSeconds).not.toBeNull();
    expect(summary.database.lost).toBe(0);
  }, 90_000);

  it('rolls back on latency when green is 5× slower than blue', async () => {
    // Act
    const { summary } = await runSimulation(options('slow-green'));

    // Assess
    expect(summary.outcome).toBe('rolled-back');
    expect(summary.cause).toMatch(/pre-traffic trial failed: .*green p95 \d+ ms is \d+% above blue's/);
    expect(summary.failed).toEqual({ blue: 0, green: 0, unknown: 0 });
  }, 90_000);

  it('rolls back without moving traffic when green never becomes healthy', async () => {
    // Act
    const { summary, samples } = await runSimulation(options('green-never-healthy'));

    // Assess
    expect(summary.outcome).toBe('rolled-back');
    expect(summary.error).toBe('GreenUnhealthyError');
    expect(samples.every((s) => s.weights.green === 0)).toBe(true);
  }, 90_000);

  it.runIf(process.env.DATABASE_URL)(
    'keeps every row on a real PostgreSQL server through a rollback',
    async () => {
      // Act
      const { summary } = await runSimulation(
        options('green-crash', { databaseUrl: process.env.DATABASE_URL }),
      );

      // Assess
      expect(summary.outcome).toBe('rolled-back');
      // Every row held before the deployment and every acknowledged write is still there.
      expect(summary.database.lost).toBe(0);
      expect(summary.database.acknowledgedWrites).toBeGreaterThan(0);
    },
    90_000,
  );
});
