import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/adapters/memory/memory-store.ts';
import { readAuditRecord } from '../../src/audit/audit-record.ts';

describe('Function: readAuditRecord', () => {
  it('assembles request, policy, approvals, steps, weights, alarms, snapshot, migrations and outcome', async () => {
    // Prepare
    const store = new MemoryStore();
    const request = { service: 'shop', environment: 'production', version: '2.0.0' };
    await store.putDeployment({
      deploymentId: 'd-1',
      ...request,
      startedAtMs: 0,
      status: 'rolled-back',
      request,
    });
    const events: Array<[number, string, Record<string, unknown>]> = [
      [1, 'preflight.passed', { request, policy: { window: { open: true } } }],
      [2, 'approval.requested', { requirements: [{ role: 'cab', count: 1 }], timeoutSeconds: 3600 }],
      [3, 'approval.granted', { by: 'ana@example.com', role: 'cab', via: 'link' }],
      [4, 'approval.completed', {}],
      [5, 'backup.verified', { snapshotId: 'snap-1' }],
      [6, 'migrations.applied', { applied: [{ id: '001' }], snapshotId: 'snap-1' }],
      [7, 'weights.changed', { blue: 90, green: 10 }],
      [8, 'alarm', { alarmName: 'green-5xx', acted: true }],
      [9, 'weights.changed', { blue: 100, green: 0, rollback: true }],
      [10, 'outcome', { outcome: 'rolled-back' }],
    ];
    for (const [atMs, type, detail] of events) await store.appendAudit('d-1', { atMs, type, detail });
    // Act
    const record = await readAuditRecord(store, 'd-1');
    // Assess
    expect(record).toMatchObject({
      request,
      policy: { window: { open: true } },
      approvals: {
        requested: { atMs: 2, requirements: [{ role: 'cab', count: 1 }] },
        decisions: [{ atMs: 3, decision: 'approved', by: 'ana@example.com', role: 'cab', via: 'link' }],
        completedAtMs: 4,
      },
      snapshotId: 'snap-1',
      migrationsApplied: [{ id: '001' }],
      outcome: { status: 'rolled-back', atMs: 10 },
    });
    expect(record.weightChanges.map((w) => w.weights.green)).toEqual([10, 0]);
    expect(record.alarms).toHaveLength(1);
    expect(record.steps.map((s) => `${s.step}:${s.phase}`)).toContain('backup:verified');
  });
});
