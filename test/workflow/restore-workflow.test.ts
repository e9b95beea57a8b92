import { describe, expect, it } from 'vitest';
import { deployRequest, stagingConfig } from '../support/fixtures.ts';
import { createWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness.ts';

/**
 * The rollback's snapshot restore, policy `restore-with-approval`: the real deploy.asl.json and
 * handlers, RDS's rename-swap played by MemoryRestore. green fails its smoke tests after
 * the migrations ran, the weights are put back on blue, and then the restore waits for a person.
 */
function failingDeployment(rollbackOverrides = {}): WorkflowHarness {
  const harness = createWorkflowHarness({
    configs: {
      staging: stagingConfig({
        rollback: { database: 'restore-with-approval', ...rollbackOverrides },
        backup: { enabled: true, retentionDays: 7, pollSeconds: 30, maxWaitSeconds: 3600 },
      }),
    },
  });
  harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
  harness.ports.smoke.failingPaths.add('/health'); // green fails its smoke tests after Migrate ran
  return harness;
}

async function restoreAwaited(harness: WorkflowHarness): Promise<string> {
  await harness.until(
    () => harness.sfn.tokens.waiting().some((t) => t.stateName === 'AwaitRestoreApproval'),
    'the restore approval is awaited',
  );
  return (await harness.ports.store.getCallback('deploy-1', 'restore')) ?? '';
}

const auditTypes = async (harness: WorkflowHarness) =>
  (await harness.ports.store.listAudit('deploy-1')).map((event) => event.type);

describe('the snapshot restore of a rollback', () => {
  it('waits for an approval with traffic already on blue, then swaps the restored copy in and keeps the old database', async () => {
    // Prepare
    const harness = failingDeployment();
    const execution = harness.start(deployRequest());
    const token = await restoreAwaited(harness);

    // Assess the wait: blue serves, nothing was restored yet, and someone was paged.
    expect(harness.ports.router.weights).toEqual({ blue: 100, green: 0 });
    expect(harness.ports.restore.performed).toEqual([]);
    const page = harness.ports.notifier.sent.find((n) =>
      n.subject.includes('Database restore awaits approval'),
    );
    expect(page?.severity).toBe('critical');
    expect(page?.body).toContain('greenlight approve deploy-1 --step restore');
    expect(harness.ports.store.locks.size).toBe(1);

    // Act
    harness.sfn.sendTaskSuccess(token, JSON.stringify({ restoreApprovedBy: 'dba@example.com' }));
    const done = await execution.finished;

    // Assess
    expect(done.status).toBe('FAILED');
    expect(harness.ports.restore.performed).toEqual([
      'start-restore',
      'rename-current-to-kept',
      'rename-restored-to-current',
    ]);
    const databaseId = 'shop-db';
    const restored = harness.ports.restore.instances.get(databaseId);
    expect(restored?.restoredBy).toBe('deploy-1');
    const kept = [...harness.ports.restore.instances.keys()].find((id) => id.includes('-gl-k-'));
    expect(kept).toMatch(/^shop-db-gl-k-[0-9a-f]{8}$/);
    expect(harness.ports.restore.instances.get(kept ?? '')?.restoredBy).toBeNull();
    expect(await auditTypes(harness)).toEqual(
      expect.arrayContaining(['restore.requested', 'restore.approved', 'restore.completed']),
    );
    expect(
      harness.ports.notifier.sent.some((n) => n.subject.includes('Database restored from snapshot')),
    ).toBe(true);
    expect(harness.ports.store.locks.size).toBe(0);
  });

  it('restores nothing when the approver declines, and records why', async () => {
    const harness = failingDeployment();
    const execution = harness.start(deployRequest());
    const token = await restoreAwaited(harness);

    harness.sfn.sendTaskFailure(
      token,
      'ApprovalRejectedError',
      'snapshot restore declined by dba@example.com',
    );
    const done = await execution.finished;

    expect(done.status).toBe('FAILED');
    expect(harness.ports.restore.performed).toEqual([]);
    const declined = (await harness.ports.store.listAudit('deploy-1')).find(
      (e) => e.type === 'restore.declined',
    );
    expect(declined?.detail).toMatchObject({ because: 'ApprovalRejectedError' });
    expect(harness.ports.store.locks.size).toBe(0);
  });

  it('keeps the lock and fails loudly when the restore gets stuck half-way', async () => {
    const harness = failingDeployment();
    const execution = harness.start(deployRequest());
    const token = await restoreAwaited(harness);
    // Someone deletes the restored copy while it is being created.
    const perform = harness.ports.restore.perform.bind(harness.ports.restore);
    harness.ports.restore.perform = async (binding, names, step) => {
      await perform(binding, names, step);
      const copy = harness.ports.restore.instances.get(names.restoredId);
      if (step === 'start-restore' && copy) copy.status = 'incompatible-restore';
    };

    harness.sfn.sendTaskSuccess(token, '{}');
    const done = await execution.finished;

    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('RestoreFailedError');
    expect(harness.ports.store.locks.size).toBe(1);
    expect(harness.ports.notifier.sent.some((n) => n.subject.includes('Rollback FAILED'))).toBe(true);
  });
});
