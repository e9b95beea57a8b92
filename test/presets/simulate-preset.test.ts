/**
 * `greenlight simulate --preset`: a seed's procedure run end to end on the local world (its plan,
 * thresholds, window and approvals, the approvals answered by the simulator as the configured
 * roles), ending with the procedure's checklist, each requirement met or not with its evidence.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vioe } from '../../src/presets/vioe.ts';
import { checkProcedure, renderChecklist } from '../../src/simulate/procedure-checklist.ts';
import { runCli } from '../operator/run-cli.ts';

describe('greenlight simulate --preset', () => {
  it("runs orka-audit-trail's procedure: five approvals answered as their roles, and every requirement met", async () => {
    // Act
    const out = await runCli([
      'simulate',
      '--preset',
      'orka-audit-trail',
      '--rps',
      '3',
      ...(process.env.DATABASE_URL ? ['--database-url', process.env.DATABASE_URL] : []),
    ]);

    // Assess
    expect(out).toContain('as expected: succeeded');
    for (const role of ['product-owner', 'engineering-lead', 'security', 'compliance', 'devops'])
      expect(out).toContain(`approved as ${role} by ${role}-`);
    expect(out).toMatch(/The procedure: 10 of 10 requirements met in this run; 1 not settings yet/);
    expect(out).toContain('attested staging-monitoring as devops by devops-1@simulated.greenlight.local');
    expect(out).toContain(
      '✔ pre-deployment checklist: 15 items attested, each by its role, before anything changes: 15 of 15 attested at Preflight',
    );
    expect(out).toContain(
      '✔ promotion only on the success criteria: errors under 0.1%, p95 under 200 ms (a miss holds the step, up to 2 bakes): met after 3 of 3 steps',
    );
    expect(out).toContain(
      '✔ traffic 10% for 5 min → 50% for 5 min → 100% for 30 min: baked 10% for 5 min → 50% for 5 min → 100% for 30 min',
    );
    expect(out).toContain(
      '✔ blue kept hot for 30 min after promotion, then decommissioned: decommissioned 30 min after promotion',
    );
    expect(out).not.toContain('✘');
  }, 180_000);

  it.each([
    [['--preset', 'vioe', '--plan', '10,100'], /--plan: the preset "vioe" sets the traffic plan/],
    [
      ['--preset', 'vioe', '--environment', 'qa'],
      /the "vioe" preset has no environment "qa" \(it has: dev, staging, production\)/,
    ],
    [['--preset', 'vioe', '--release-type', 'huge'], /--release-type: expected major, minor, patch, hotfix/],
    [['--preset', 'nope'], /no preset is called "nope"/],
  ])('refuses %j before starting anything, naming the flag', async (args, reason) => {
    const outcome = await runCli(['simulate', ...args]).then(
      () => null,
      (error: Error) => error,
    );
    expect(outcome?.name).toBe('InvalidRequestError');
    expect(outcome?.message).toMatch(reason);
  });
});

describe('the procedure checklist', () => {
  it('marks what the run did not show as not met, with what it saw instead', () => {
    // Arrange: a run that baked 100% for 5 minutes only and never decommissioned blue
    const audit = [
      { atMs: 0, type: 'preflight.passed', detail: {} },
      { atMs: 1, type: 'bake.started', detail: { weightPercent: 100, bakeSeconds: 300 } },
      { atMs: 2, type: 'verify', detail: { decision: 'pass' } },
      { atMs: 3, type: 'promoted', detail: {} },
    ];

    // Act
    const items = checkProcedure(
      {
        name: 'vioe',
        environment: 'production',
        policy: vioe.environments.production!.policy,
        releaseType: 'patch',
        gaps: vioe.gaps,
      },
      audit,
    );

    // Assess
    const byRequirement = Object.fromEntries(items.map((item) => [item.requirement, item]));
    expect(byRequirement['traffic 100% for 15 min']).toMatchObject({
      status: 'not met',
      evidence: 'baked 100% for 5 min',
    });
    expect(byRequirement['blue kept hot for 24 h after promotion, then decommissioned']).toMatchObject({
      status: 'not met',
      evidence: 'blue was not decommissioned',
    });
    expect(byRequirement['patch approvals: 1 × manager']).toMatchObject({
      status: 'not met',
      evidence: 'none given',
    });
    expect(byRequirement['patch releases announced at least 1 h before they start']).toMatchObject({
      status: 'not met',
      evidence: 'no announcement in the request',
    });
    // 1970-01-01 was a Thursday: before 22:00, inside the weekly code freeze from Tuesday 17:00.
    expect(
      byRequirement['freeze "weekly code freeze (§4.3)" (weekly, tue 17:00 for 53 h) stops all but hotfix'],
    ).toMatchObject({
      status: 'not met',
      evidence:
        'started 1970-01-01T00:00:00.000Z, inside its occurrence from 1969-12-30T17:00:00.000Z to 1970-01-01T22:00:00.000Z',
    });
    expect(
      byRequirement['pre-deployment checklist: 6 items attested, each by its role, before anything changes'],
    ).toMatchObject({ status: 'not met', evidence: 'none attested' });
    expect(items.filter((item) => item.status === 'gap')).toHaveLength(vioe.gaps.length);
    expect(renderChecklist(items)).toMatch(
      /^The procedure: \d of \d+ requirements met in this run; 1 not settings yet/,
    );
  });
});

describe('greenlight demo --preset', () => {
  it("runs the three releases under the seed's procedure: the healthy one keeps it, the bad ones roll back", async () => {
    // Act
    const reports = mkdtempSync(join(tmpdir(), 'greenlight-demo-'));
    const out = await runCli(['demo', '--preset', 'infra-mgmt', '--report-dir', reports]);

    // Assess
    expect(out.match(/as expected: succeeded/g)).toHaveLength(1);
    expect(out.match(/as expected: rolled-back/g)).toHaveLength(2);
    expect(out).toMatch(/The procedure: 7 of 7 requirements met in this run; 1 not settings yet/);
    expect(out).not.toContain('✘');
    expect(process.exitCode ?? 0).toBe(0);
  }, 180_000);
});
