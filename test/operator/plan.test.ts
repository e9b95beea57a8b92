import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seed000Windows, seed002ProductionApprovals, seed003TrafficPlan } from '../../src/core/presets.ts';
import { runCli } from './run-cli.ts';

/** A production environment from the presets: seed 000 windows, seed 002 approvals, seed 003 plan. */
function writeConfig(): string {
  const binding = {
    listener: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/1/2',
    targetGroups: { blue: 'tg-blue', green: 'tg-green' },
    compute: { cluster: 'c', blue: 'svc-blue', green: 'svc-green' },
    database: { id: 'db' },
  };
  const production = {
    environment: 'production',
    trafficPlan: seed003TrafficPlan,
    standbySeconds: 3600,
    approvals: seed002ProductionApprovals,
    windows: seed000Windows,
    promotion: { requireSuccessIn: 'staging' },
    services: { shop: binding },
  };
  const path = join(mkdtempSync(join(tmpdir(), 'greenlight-plan-')), 'greenlight.config.json');
  const staging = {
    environment: 'staging',
    trafficPlan: seed003TrafficPlan,
    standbySeconds: 600,
    services: { shop: binding },
  };
  writeFileSync(
    path,
    JSON.stringify({ environments: { staging: { config: staging }, production: { config: production } } }),
  );
  return path;
}

const plan = (config: string, now: string, json = false) =>
  runCli([
    'plan',
    '--service=shop',
    '--environment=production',
    '--release-type=major',
    '--version=2.0.0',
    `--config=${config}`,
    `--now=${now}`,
    ...(json ? ['--json'] : []),
  ]);

describe('greenlight plan (production major release)', () => {
  const config = writeConfig();

  it('inside the Thursday 22:00 window: may deploy now, with the seed 002 approvals and the steps', async () => {
    const text = await plan(config, '2025-03-06T22:30:00Z');
    expect(text).toContain('Window: OPEN');
    expect(text).toContain('Decision: may deploy now');
    expect(text).toContain('Approvals: 1 × cab, 1 × security, 1 × compliance, 1 × executive');
    expect(text).toContain('ShiftWeight 2/3: green 50%');
    expect(text).toContain('Promotion: production only takes versions that succeeded in staging');
    expect(text).toContain('Nothing was changed');
  });

  it('outside the window: refused now, with the next opening and the same estimate', async () => {
    const result = JSON.parse(await plan(config, '2025-03-03T10:00:00Z', true));
    expect(result).toMatchObject({
      allowedNow: false,
      window: { name: 'planned-maintenance', open: false, nextOpensAt: '2025-03-06T22:00:00.000Z' },
    });
    // 300 s backup + 4 × 15 s deploy polls + 3 × 300 s bakes + 3600 s standby.
    expect(result.estimate.seconds).toBe(300 + 60 + 900 + 3600);
  });

  it('fails with a usage error naming the missing environment', async () => {
    await expect(
      runCli(['plan', '--service=shop', '--environment=qa', '--release-type=major', `--config=${config}`]),
    ).rejects.toThrow(/environment "qa" is not in/);
  });

  it('takes the release’s --version in either spelling; the tool’s own version is only a root flag', async () => {
    // `--version 1.2.0` (a separate argument) was once taken by the root program, which printed
    // its own version and exited 0 having planned nothing.
    for (const args of [['--version', '1.2.0'], ['--version=1.2.0']]) {
      const text = await runCli([
        'plan',
        '--service=shop',
        '--environment=production',
        '--release-type=minor',
        ...args,
        `--config=${config}`,
        '--now=2025-03-06T22:30:00Z',
      ]);
      expect(text).toContain('Plan for shop 1.2.0 (minor) in production');
    }
    await expect(runCli(['--version'])).rejects.toMatchObject({ code: 'commander.version' });
  });
});
