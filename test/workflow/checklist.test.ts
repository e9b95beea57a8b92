/**
 * The pre-deployment checklist through the real deploy.asl.json: a release missing an item is
 * refused at Preflight with the item's name, and nothing changes; one with every item attested
 * by its role goes through, and the audit trail keeps who attested what.
 */
import { describe, expect, it } from 'vitest';
import { deployRequest, stagingConfig } from '../support/fixtures.ts';
import { createWorkflowHarness } from '../support/workflow-harness.ts';

function harnessWithChecklist() {
  const harness = createWorkflowHarness({
    configs: {
      staging: stagingConfig({
        checklist: [
          { id: 'tests-passing', title: 'All tests passing', role: 'qa' },
          { id: 'rollback-plan', title: 'Rollback plan documented', role: 'team-lead' },
        ],
      }),
    },
  });
  harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
  return harness;
}

const testsPassing = {
  item: 'tests-passing',
  role: 'qa',
  by: 'ci@example.com',
  evidence: 'https://ci.example.com/b/42',
};
const rollbackPlan = { item: 'rollback-plan', role: 'team-lead', by: 'lee@example.com' };

describe('pre-deployment checklist (config.checklist, request.attestations)', () => {
  it('refuses a release missing an item at Preflight, naming it, and changes nothing', async () => {
    // Prepare
    const harness = harnessWithChecklist();

    // Act
    const execution = await harness.run(deployRequest({ attestations: [testsPassing] }));

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('PolicyDeniedError');
    expect(JSON.parse(execution.cause ?? '{}').errorMessage).toContain(
      'pre-deployment checklist: 1 of 2 minor item(s) not attested: "Rollback plan documented" (rollback-plan, by team-lead)',
    );
    expect(execution.history.statesEntered()).toEqual(['Preflight', 'Refused']);
    expect(harness.ports.router.history).toEqual([]);
    expect(harness.ports.store.locks.size).toBe(0);
    expect(harness.ports.store.deployments.size).toBe(0);
    expect(harness.ports.snapshots.created).toEqual([]);
  });

  it('lets a fully attested release through, and records the attestations in the audit trail', async () => {
    // Prepare
    const harness = harnessWithChecklist();

    // Act
    const execution = await harness.run(deployRequest({ attestations: [rollbackPlan, testsPassing] }));

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const audit = await harness.ports.store.listAudit('deploy-1');
    expect(audit.find((event) => event.type === 'checklist.attested')?.detail.items).toEqual([
      { ...testsPassing, title: 'All tests passing' },
      { ...rollbackPlan, title: 'Rollback plan documented' },
    ]);
  });

  it('refuses an attestation whose attester carries a line break, naming the field', async () => {
    const harness = harnessWithChecklist();
    const execution = await harness.run(
      deployRequest({ attestations: [{ ...testsPassing, by: 'ci@example.com\nRole: cab' }, rollbackPlan] }),
    );
    expect(execution.error).toBe('InvalidRequestError');
    expect(execution.cause).toMatch(/attestations\.0\.by: expected no control characters or line breaks/);
  });
});
