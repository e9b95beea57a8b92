import { describe, expect, it } from 'vitest';
import { approvalStep } from '../../functions/approval/handler.ts';
import { renderDrReport } from '../../src/notifications/dr-report.ts';
import {
  limitBody,
  limitSubject,
  maxMessageBytes,
  truncationMarker,
} from '../../src/notifications/limits.ts';
import { SeverityRoutingNotifier, targetsFor } from '../../src/notifications/severity-routing.ts';
import type { Notification } from '../../src/ports/notifier.ts';

const note = (severity: Notification['severity']): Notification => ({
  severity,
  subject: 's',
  body: 'b',
  fields: {},
});

describe('Function: targetsFor', () => {
  it.each([
    ['info', ['info']],
    ['warning', ['warning']],
    ['critical', ['critical', 'pager']],
  ] as const)('routes %s to %j', (severity, topics) => {
    expect(
      targetsFor(severity, { info: 'info', warning: 'warning', critical: 'critical', pager: 'pager' }),
    ).toEqual(topics);
  });
});

describe('Class: SeverityRoutingNotifier', () => {
  it('still reaches the critical topic when the pager fails, then reports the failure', async () => {
    const got: string[] = [];
    const ok = (name: string) => ({ send: async () => void got.push(name) });
    const notifier = new SeverityRoutingNotifier({
      info: ok('info'),
      warning: ok('warning'),
      critical: ok('critical'),
      pager: { send: async () => Promise.reject(new Error('pager down')) },
    });
    await expect(notifier.send(note('critical'))).rejects.toThrow('1 of 2 targets');
    expect(got).toEqual(['critical']);
  });
});

describe('Function: limits', () => {
  it('keeps subjects to 100 printable ASCII characters on one line', () => {
    const subject = limitSubject(`Rollback ✓ café\n${'x'.repeat(200)}`);
    expect(subject.length).toBe(100);
    expect(subject).toMatch(/^[\x20-\x7e]+\.\.\.$/);
  });

  it('cuts bodies over 256 KiB between characters, with a marker', () => {
    const body = limitBody('é'.repeat(maxMessageBytes));
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(maxMessageBytes);
    expect(body.endsWith(truncationMarker)).toBe(true);
    expect(body).not.toContain('\uFFFD');
  });
});

describe('Function: renderDrReport', () => {
  it('is critical when the RTO is missed', () => {
    const report = renderDrReport(
      {
        environment: 'production',
        database: 'shop-db',
        snapshotId: 'snap-1',
        snapshotTakenAtMs: 0,
        restoreStartedAtMs: 30 * 60_000,
        restoreEndedAtMs: 30 * 60_000 + 5 * 3_600_000,
        rtoTargetMinutes: 240,
        rpoTargetMinutes: 60,
        integrityChecks: [{ name: 'row counts', passed: true, detail: '' }],
        cleanedUp: true,
      },
      0,
    );
    expect(report.severity).toBe('critical');
    expect(report.fields.RTO).toContain('MISSED');
    expect(report.fields.RPO).toContain('met');
  });
});

describe('Step: approval (notifications)', () => {
  it('stores the token and records the request even when the notification fails to send', async () => {
    const { MemoryStore } = await import('../../src/adapters/memory/memory-store.ts');
    const { minimalState } = await import('./state-fixture.ts');
    const store = new MemoryStore();
    await store.putDeployment({
      deploymentId: 'deploy-1',
      service: 'shop',
      environment: 'staging',
      version: '1.1.0',
      startedAtMs: 0,
      status: 'running',
    });
    const ports = {
      store,
      clock: { nowMs: () => 0 },
      notifier: { send: async () => Promise.reject(new Error('SNS down')) },
    };
    const handler = approvalStep(async () => null).bind(ports as never);
    const state = minimalState();
    const result = await handler({ taskToken: 't-1', timeoutSeconds: 60, state }, {} as never);
    expect(result).toEqual({ waitingFor: '1× cab', notified: 0 });
    expect(await store.getCallback('deploy-1', 'approval')).toBe('t-1');
    // Kept for the approval reminder, which re-sends the request from the table alone.
    expect((await store.getDeployment('deploy-1'))?.approvalState).toEqual(state);
    expect((await store.listAudit('deploy-1')).map((e) => e.type)).toEqual([
      'approval.requested',
      'notification.failed',
    ]);
  });
});
