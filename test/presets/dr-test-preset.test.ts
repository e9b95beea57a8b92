/** `greenlight dr-test --preset`: the drill measured against the RTO and RPO the seed sets. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../operator/run-cli.ts';

const database = process.env.DATABASE_URL ? ['--database-url', process.env.DATABASE_URL] : [];

describe('greenlight dr-test --preset', () => {
  it.each([
    ['vioe', 'RTO 4 h, RPO 1 h'],
    ['btc-vault', 'RTO 15 min, RPO 5 min'],
  ])(
    'drills against the %s targets (%s) and passes',
    async (preset, targets) => {
      // Act
      const out = await runCli(['dr-test', '--preset', preset, ...database]);

      // Assess
      expect(out).toContain(`Targets: ${targets}`);
      expect(out).toMatch(/DR restore-test of shop \(local\) passed/);
      expect(process.exitCode ?? 0).toBe(0);
    },
    120_000,
  );

  it.each([
    [
      ['--preset', 'covenant-dom'],
      /the "covenant-dom" preset sets no RTO\/RPO \(its seed names none\); pass --rto-minutes/,
    ],
    [
      ['--preset', 'vioe', '--environment', 'dev'],
      /sets no RTO\/RPO for dev .*staging, production have them/,
    ],
    [['--preset', 'vioe', '--rto-minutes', '30'], /--rto-minutes: the preset "vioe" sets the targets/],
  ])('refuses %j before any drill, saying what to pass', async (args, reason) => {
    const outcome = await runCli(['dr-test', ...args]).then(
      () => null,
      (error: Error) => error,
    );
    expect(outcome?.name).toBe('InvalidRequestError');
    expect(outcome?.message).toMatch(reason);
  });
});
