import { describe, expect, it } from 'vitest';
import { assembleAuditRecord } from '../../src/audit/audit-record.ts';
import { formatAuditRecord, formatHistory, outcomeOf } from '../../src/operator/audit-text.ts';
import type { AuditEvent, DeploymentRecord } from '../../src/ports/store.ts';

const t = (minute: number) => Date.UTC(2025, 2, 6, 10, minute);
const request = {
  service: 'shop',
  environment: 'production',
  version: '2.0.0',
  releaseType: 'major',
  changeRequestId: 'CHG-7',
  requestedBy: 'pipeline',
};
const rolledBack: DeploymentRecord = {
  deploymentId: 'd-1',
  service: 'shop',
  environment: 'production',
  version: '2.0.0',
  startedAtMs: t(0),
  endedAtMs: t(12),
  status: 'rolled-back',
  request,
  failure: { error: 'AlarmTriggeredError', cause: 'green-5xx in ALARM' },
};
const ev = (minute: number, type: string, detail: Record<string, unknown> = {}): AuditEvent => ({
  atMs: t(minute),
  type,
  detail,
});
const events: AuditEvent[] = [
  ev(0, 'preflight.passed', {
    request,
    policy: {
      window: { name: 'weekday', open: true, detail: 'Tue 10:00' },
      approvals: [{ role: 'cab', count: 2 }],
    },
  }),
  ev(1, 'approval.requested', { requirements: [{ role: 'cab', count: 2 }], timeoutSeconds: 3600 }),
  ev(2, 'approval.granted', { by: 'arn:aws:sts::1:assumed-role/A/ana', role: 'cab', via: 'iam-endpoint' }),
  ev(3, 'approval.granted', { by: 'bob@example.com', role: 'cab', via: 'link' }),
  ev(3, 'approval.completed', {}),
  ev(4, 'backup.verified', { snapshotId: 'snap-42' }),
  ev(5, 'migrations.applied', {
    applied: [{ id: '001_orders' }, { id: '002_index' }],
    snapshotId: 'snap-42',
  }),
  ev(6, 'weights.changed', { blue: 90, green: 10, step: 1 }),
  ev(7, 'verify', {
    decision: 'pass',
    checks: Array.from({ length: 7 }, (_, i) => ({ name: `check-${i}`, passed: true })),
  }),
  ev(8, 'alarm', { alarmName: 'green-5xx', reason: 'Threshold crossed', acted: true }),
  ev(9, 'weights.changed', { blue: 100, green: 0, rollback: true }),
  ev(12, 'outcome', { outcome: 'rolled-back' }),
];

describe('formatAuditRecord', () => {
  const text = formatAuditRecord(assembleAuditRecord('d-1', rolledBack, events));
  const lines = text.split('\n');

  it('reads as request, policy, approvals, snapshot, migrations, weights, alarms, steps, outcome', () => {
    expect(lines.slice(0, 8)).toEqual([
      'Audit record (store) of d-1:',
      '  request:    shop 2.0.0 (major) to production change CHG-7 requested by pipeline',
      '  policy:     window weekday open (Tue 10:00); approvals 2× cab',
      '  approvals:  2× cab requested at 2025-03-06T10:01:00.000Z (times out after 1 h)',
      '    2025-03-06T10:02:00.000Z  approved by arn:aws:sts::1:assumed-role/A/ana as cab (via iam-endpoint)',
      '    2025-03-06T10:03:00.000Z  approved by bob@example.com as cab (via link)',
      '    2025-03-06T10:03:00.000Z  gate complete',
      '  snapshot:   snap-42',
    ]);
    expect(text).toContain('  migrations: 001_orders, 002_index\n');
    expect(text).toContain('    2025-03-06T10:06:00.000Z  blue 90% / green 10%  step=1\n');
    expect(text).toContain('    2025-03-06T10:09:00.000Z  blue 100% / green 0% (rollback)\n');
    expect(text).toContain('    2025-03-06T10:08:00.000Z  green-5xx: Threshold crossed (acted on)\n');
    expect(lines.at(-1)).toBe(
      '  outcome:    rolled-back at 2025-03-06T10:12:00.000Z: AlarmTriggeredError: green-5xx in ALARM',
    );
  });

  it('lists the other steps once, shortening long details (--json has them whole)', () => {
    const steps = lines.slice(lines.indexOf('  steps:') + 1, -1);
    expect(steps).toEqual([
      '    2025-03-06T10:00:00.000Z  preflight passed',
      '    2025-03-06T10:04:00.000Z  backup verified  snapshotId=snap-42',
      '    2025-03-06T10:05:00.000Z  migrations applied  applied=[{"id":"001_orders"},{"id":"002_index"}] snapshotId=snap-42',
      '    2025-03-06T10:07:00.000Z  verify  decision=pass checks=[7 items]',
    ]);
  });

  it('says plainly what did not happen', () => {
    const text = formatAuditRecord(
      assembleAuditRecord('d-2', null, [ev(0, 'preflight.passed', { request })]),
    );
    expect(text).toContain('  approvals:  none required');
    expect(text).toContain('  snapshot:   none');
    expect(text).toContain('  migrations: none applied');
    expect(text).toContain('  weights:    never changed');
    expect(text).toContain('  alarms:     none');
    expect(text).toContain('  policy:     (not recorded)');
    expect(text.split('\n').at(-1)).toBe('  outcome:    running');
  });

  it('shows a rejection with its reason', () => {
    const rejection = [
      ev(1, 'approval.requested', { requirements: [{ role: 'cab', count: 1 }] }),
      ev(2, 'approval.rejected', { by: 'ana', role: 'cab', via: 'iam-endpoint', reason: 'not in window' }),
    ];
    expect(formatAuditRecord(assembleAuditRecord('d-3', null, rejection))).toContain(
      '    2025-03-06T10:02:00.000Z  rejected by ana as cab (via iam-endpoint): not in window',
    );
  });
});

describe('formatHistory', () => {
  const running: DeploymentRecord = {
    deploymentId: 'shop-2-1-0',
    service: 'shop',
    environment: 'staging',
    version: '2.1.0',
    startedAtMs: t(30),
    status: 'running',
  };
  const succeeded: DeploymentRecord = {
    ...rolledBack,
    deploymentId: 'd-0',
    status: 'succeeded',
    failure: undefined,
  };

  it.each([
    ['a running deployment', running, '…'],
    ['a success', succeeded, 'succeeded after 12 min'],
    ['a rollback', rolledBack, 'rolled-back after 12 min: AlarmTriggeredError'],
  ])('sums up %s', (_label, record, outcome) => {
    expect(outcomeOf(record)).toBe(outcome);
  });

  it('lines up started, service, environment, version, status, outcome and id', () => {
    expect(formatHistory([running, rolledBack]).split('\n')).toEqual([
      'STARTED                   SERVICE  ENV         VERSION  STATUS       OUTCOME                                        DEPLOYMENT',
      '2025-03-06T10:30:00.000Z  shop     staging     2.1.0    running      …                                              shop-2-1-0',
      '2025-03-06T10:00:00.000Z  shop     production  2.0.0    rolled-back  rolled-back after 12 min: AlarmTriggeredError  d-1',
    ]);
    expect(formatHistory([])).toBe('no deployments recorded');
  });
});
