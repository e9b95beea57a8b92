/**
 * Smoke tests beyond GET through the real deploy.asl.json: a request whose answer is not the one
 * expected rolls back at VerifyGreen before any traffic moves, and a rollback's fresh probes of
 * the live colour send only the tests that read, never a POST to production.
 */
import { describe, expect, it } from 'vitest';
import { smokeTestSchema } from '../../src/schema/config.ts';
import { deployRequest, stagingConfigWithShop } from '../support/fixtures.ts';
import { createWorkflowHarness } from '../support/workflow-harness.ts';

// Seed 003 Step 3: "POST /api/audit/events" and its expected answer.
const auditEvent = smokeTestSchema.parse({
  path: '/api/audit/events',
  method: 'POST',
  body: { action: 'smoke-test' },
  expect: { status: 201, bodyIncludes: '"id"' },
});

function harnessWithPostSmokeTest() {
  const harness = createWorkflowHarness({
    configs: {
      staging: stagingConfigWithShop({
        smokeTests: ['/health', auditEvent],
        trial: { productionUrl: 'http://blue.example.com' },
      }),
    },
  });
  harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
  return harness;
}

describe('smoke tests with a method, body and expected answer', () => {
  it('rolls back at VerifyGreen when the POST does not get its answer, with no traffic moved', async () => {
    // Prepare
    const harness = harnessWithPostSmokeTest();
    harness.ports.smoke.failingPaths.add('/api/audit/events');

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.history.statesEntered()).toContain('Rollback');
    const audit = await harness.ports.store.listAudit('deploy-1');
    const verified = audit.find((event) => event.type === 'green.verified');
    expect(verified?.detail.passed).toBe(false);
    expect(JSON.stringify(audit)).toContain(
      'smoke tests failed on green: POST /api/audit/events → 503, expected 2xx',
    );
    expect(harness.ports.router.history.filter((weights) => weights.green > 0)).toEqual([]);
  });

  it('probes the live colour during a rollback with the GET tests only', async () => {
    // Prepare: green breaches a threshold at 10%, so Rollback probes blue before moving back.
    const harness = harnessWithPostSmokeTest();
    harness.ports.metrics.statsFor = (colour) => ({
      requests: 1000,
      errors5xx: colour === 'green' ? 200 : 0,
      p95Ms: 30,
      unhealthyHostSeries: [0],
    });

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(harness.ports.smoke.liveProbed.length).toBeGreaterThan(0);
    expect(harness.ports.smoke.liveProbed.map((request) => `${request.method} ${request.path}`)).toEqual(
      harness.ports.smoke.liveProbed.map(() => 'GET /health'),
    );
  });
});
