/**
 * Lifecycle hooks through the real deploy.asl.json (seed 003 Steps 3–6): `beforeTraffic` hooks
 * run at VerifyGreen and a failing one rolls back before any traffic; `afterStep` hooks run after
 * each step's verdict and a failing one rolls back from that step; passing hooks are recorded.
 */
import { describe, expect, it } from 'vitest';
import { hookProblems } from '../../src/core/lifecycle-hooks.ts';
import { lifecycleHookSchema } from '../../src/schema/config.ts';
import { parseEnvironmentConfig } from '../../src/schema/parse-config.ts';
import { deployRequest, stagingConfigWithShop } from '../support/fixtures.ts';
import { createWorkflowHarness } from '../support/workflow-harness.ts';

const hook = (name: string, timeoutSeconds = 10) =>
  lifecycleHookSchema.parse({
    name,
    lambda: `arn:aws:lambda:eu-west-1:123456789012:function:${name}`,
    timeoutSeconds,
  });

function harnessWithHooks() {
  const harness = createWorkflowHarness({
    configs: {
      staging: stagingConfigWithShop({
        hooks: { beforeTraffic: [hook('seed-audit')], afterStep: [hook('verify-audit')] },
      }),
    },
  });
  harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
  return harness;
}

const greenShare = (harness: ReturnType<typeof harnessWithHooks>) =>
  harness.ports.router.history.map((w) => w.green);

describe('lifecycle hooks (services.<name>.hooks)', () => {
  it('runs the before-traffic hook once and the after-step hook after every step, and records them', async () => {
    const harness = harnessWithHooks();
    const execution = await harness.run(deployRequest());
    expect(execution.status).toBe('SUCCEEDED');
    expect(
      harness.ports.hooks.ran.map((run) => `${run.name} ${run.context.phase} ${run.context.weightPercent}`),
    ).toEqual([
      'seed-audit before-traffic 0',
      'verify-audit after-step 10',
      'verify-audit after-step 50',
      'verify-audit after-step 100',
    ]);
    const audit = await harness.ports.store.listAudit('deploy-1');
    expect(audit.filter((e) => e.type === 'hooks.ran').map((e) => e.detail.passed)).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it('rolls back before any traffic when a before-traffic hook fails', async () => {
    const harness = harnessWithHooks();
    harness.ports.hooks.failing.add('seed-audit');
    const execution = await harness.run(deployRequest());
    expect(execution.status).toBe('FAILED');
    expect(JSON.stringify(await harness.ports.store.listAudit('deploy-1'))).toContain(
      'before traffic on green: lifecycle hook \\"seed-audit\\" failed: hook seed-audit failed',
    );
    expect(greenShare(harness).filter((share) => share > 0)).toEqual([]);
  });

  it('rolls back from the step whose after-step hook fails', async () => {
    const harness = harnessWithHooks();
    harness.ports.hooks.failing.add('verify-audit');
    const execution = await harness.run(deployRequest());
    expect(execution.status).toBe('FAILED');
    expect(execution.cause).toContain('at 10% on green: lifecycle hook \\"verify-audit\\" failed');
    expect(greenShare(harness)).toEqual([10, 0]);
  });

  it('refuses hooks whose timeouts cannot fit their task, and two of one name', () => {
    expect(
      hookProblems('shop', {
        beforeTraffic: [hook('a', 30), hook('b', 20)],
        afterStep: [hook('a', 10), hook('a', 10)],
      }),
    ).toEqual([
      'services.shop.hooks.beforeTraffic: their timeouts add up to 50 s, over the 40 s its task leaves for them; shorten them or run fewer',
      'services.shop.hooks.afterStep: the name "a" is used twice; the audit trail tells a phase\'s hooks apart by name',
    ]);
    expect(() =>
      parseEnvironmentConfig(stagingConfigWithShop({ hooks: { afterStep: [hook('x', 31)] } }), 'staging'),
    ).toThrow(/hooks\.afterStep: their timeouts add up to 31 s, over the 30 s/);
  });
});
