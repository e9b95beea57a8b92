/**
 * Extended monitoring after promotion (seed 002: 72 hours) through the real deploy.asl.json and
 * the real alarm relay: after blue's standby, an alarm on the live colour pages and is recorded
 * on the deployment that made it live; after the window it is ignored; and the workflow enters
 * the same states whatever the monitoring time, since nothing in it waits for the window.
 */
import { describe, expect, it } from 'vitest';
import { monitoredDeployment } from '../../src/core/extended-monitoring.ts';
import type { DeploymentRecord } from '../../src/ports/store.ts';
import { parseEnvironmentConfig } from '../../src/schema/parse-config.ts';
import { deployRequest, stagingConfig } from '../support/fixtures.ts';
import { createWorkflowHarness } from '../support/workflow-harness.ts';

const minute = 60_000;

function harnessMonitoring(extendedMonitoringSeconds: number) {
  const harness = createWorkflowHarness({
    configs: { staging: stagingConfig({ standbySeconds: 120, extendedMonitoringSeconds }) },
  });
  harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
  return harness;
}

const pages = (harness: ReturnType<typeof harnessMonitoring>) =>
  harness.ports.notifier.sent.filter((n) => n.subject.startsWith('[Greenlight] Alarm on the live release'));

describe('extended monitoring (config.extendedMonitoringSeconds)', () => {
  it('pages on an alarm on the live colour after the standby, and records it; not after the window', async () => {
    // Prepare: one hour of monitoring; blue is decommissioned 2 minutes after promotion.
    const harness = harnessMonitoring(3600);
    const execution = await harness.run(deployRequest());
    const promoted = (await harness.ports.store.listAudit('deploy-1')).find((e) => e.type === 'promoted');

    // Act: 30 minutes after promotion, then 2 hours after.
    await harness.clock.sleep((promoted?.atMs ?? 0) + 30 * minute - harness.clock.nowMs());
    const during = await harness.raiseAlarm(
      'greenlight.shop.staging.green.5xx-rate',
      'Threshold Crossed: 3 datapoints',
    );
    await harness.clock.sleep(90 * minute);
    const after = await harness.raiseAlarm(
      'greenlight.shop.staging.green.5xx-rate',
      'Threshold Crossed: again',
    );

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(promoted?.detail.monitoredUntil).toBe(new Date((promoted?.atMs ?? 0) + 3600_000).toISOString());
    expect(during).toMatchObject({ action: 'paged', deploymentId: 'deploy-1' });
    expect(after).toMatchObject({ action: 'ignored' });
    expect(pages(harness)).toHaveLength(1);
    expect(pages(harness)[0]).toMatchObject({ severity: 'critical' });
    expect(pages(harness)[0]?.fields.Alarm).toBe(
      'greenlight.shop.staging.green.5xx-rate went to ALARM: Threshold Crossed: 3 datapoints',
    );
    const recorded = (await harness.ports.store.listAudit('deploy-1')).filter(
      (e) => e.type === 'monitoring.alarm',
    );
    expect(recorded).toHaveLength(1);
  });

  it('enters the same states with 72 hours of monitoring as with none', async () => {
    const none = await harnessMonitoring(0).run(deployRequest());
    const threeDays = await harnessMonitoring(72 * 3600).run(deployRequest());
    expect(threeDays.history.statesEntered()).toEqual(none.history.statesEntered());
  });

  it('ignores an alarm on the colour that is no longer live', async () => {
    const harness = harnessMonitoring(3600);
    await harness.run(deployRequest());
    expect(
      await harness.raiseAlarm('greenlight.shop.staging.blue.5xx-rate', 'Threshold Crossed'),
    ).toMatchObject({
      action: 'ignored',
    });
    expect(pages(harness)).toEqual([]);
  });

  it('is refused when it ends within the standby, which watches already', () => {
    expect(() =>
      parseEnvironmentConfig(
        stagingConfig({ standbySeconds: 7200, extendedMonitoringSeconds: 3600 }),
        'staging',
      ),
    ).toThrow(
      'extendedMonitoringSeconds 3600 is within the standby (standbySeconds 7200), which watches the alarms already: set it longer, or leave it out',
    );
  });
});

describe('Function: monitoredDeployment', () => {
  const record = (
    id: string,
    startedAtMs: number,
    version: string,
    untilMs: number,
    colour = 'green',
  ): DeploymentRecord => ({
    deploymentId: id,
    service: 'shop',
    environment: 'staging',
    version,
    startedAtMs,
    status: 'succeeded',
    monitoring: { colour, untilMs },
  });
  const live = { colour: 'green' as const, version: '1.1.0' };

  it.each([
    { name: 'the live release, in its window', records: [record('a', 1, '1.1.0', 100)], now: 50, id: 'a' },
    { name: 'after its window', records: [record('a', 1, '1.1.0', 100)], now: 100, id: null },
    { name: 'a release no longer live', records: [record('a', 1, '1.0.0', 100)], now: 50, id: null },
    { name: 'on the other colour', records: [record('a', 1, '1.1.0', 100, 'blue')], now: 50, id: null },
    {
      name: 'the latest of two runs of the live version',
      records: [record('a', 1, '1.1.0', 100), record('b', 5, '1.1.0', 100)],
      now: 50,
      id: 'b',
    },
  ])('$name: $id', ({ records, now, id }) => {
    expect(monitoredDeployment(records, live, 'green', now)?.deploymentId ?? null).toBe(id);
  });
});
