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

  it.each(['covenant-dom', 'orka-audit-trail', 'infra-mgmt'])(
    'drills %s, whose seed names no targets, against the assumed ones, and says so',
    async (preset) => {
      // Act
      const out = await runCli(['dr-test', '--preset', preset, ...database]);

      // Assess
      expect(out).toContain(`preset "${preset}": `);
      expect(out).toContain("Greenlight's default drill targets, to replace with yours");
      expect(out).toContain('Targets: RTO 1 h, RPO 24 h');
      expect(out).toMatch(/DR restore-test of shop \(local\) passed/);
    },
    120_000,
  );

  it.each([
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
