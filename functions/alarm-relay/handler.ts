import * as z from 'zod';
import { breachPredatesTraffic } from '../../src/core/alarm-timing.ts';
import { monitoredDeployment, monitoringField } from '../../src/core/extended-monitoring.ts';
import { audit } from '../../src/handlers/audit.ts';
import { defineStep } from '../../src/handlers/define-step.ts';
import { renderNotification } from '../../src/notifications/templates.ts';
import type { Ports } from '../../src/ports/index.ts';
import { type CallbackKind, lockKeyFor } from '../../src/ports/store.ts';
import { deployStateField, deployStateSchema } from '../../src/schema/deploy-state.ts';
import { judgingField, judgingSchema } from '../../src/schema/judging.ts';
import { type ParsedAlarmName, parseAlarmName } from '../../src/workflow/alarm-names.ts';

/** The EventBridge `CloudWatch Alarm State Change` event, as much of it as the relay reads. */
const alarmEventSchema = z
  .object({
    'detail-type': z.literal('CloudWatch Alarm State Change'),
    detail: z
      .object({
        alarmName: z.string().min(1),
        state: z
          .object({
            value: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']),
            reason: z.string().default(''),
            reasonData: z.string().optional(),
          })
          .loose(),
      })
      .loose(),
  })
  .loose();

/** Bake first (abort a canary step), then standby (roll back a fresh promotion while blue is hot). */
const abortable: readonly CallbackKind[] = ['bake', 'standby'];

/**
 * Under extended monitoring (config.extendedMonitoringSeconds), an alarm on the live colour after
 * its standby pages, and the deployment that made it live records it. Null when none watches it.
 */
async function pageIfMonitored(ports: Ports, alarm: ParsedAlarmName, alarmName: string, reason: string) {
  const nowMs = ports.clock.nowMs();
  const [records, live] = await Promise.all([
    ports.store.listDeployments({ service: alarm.service, environment: alarm.environment }),
    ports.store.getLive(alarm.service, alarm.environment),
  ]);
  const watched = monitoredDeployment(records, live, alarm.colour, nowMs);
  const state = watched && deployStateSchema.safeParse(watched[deployStateField]);
  if (!watched || !state?.success) return null;
  const why = `${alarmName} went to ALARM: ${reason}`;
  await ports.notifier.send(renderNotification('alarm-after-promotion', state.data, { nowMs, why }));
  await audit(ports, watched.deploymentId, 'monitoring.alarm', {
    alarmName,
    reason,
    monitoredUntil: new Date(watched[monitoringField].untilMs).toISOString(),
    acted: 'paged',
  });
  return { action: 'paged', deploymentId: watched.deploymentId, reason: why };
}

/**
 * Alarm relay: an alarm on the colour being deployed fails the waiting Bake (or Standby) task,
 * which sends the workflow to Rollback. An alarm on a live colour still under extended
 * monitoring pages. Anything else is recorded and ignored.
 */
export const alarmRelay = defineStep({
  name: 'alarm-relay',
  input: alarmEventSchema,
  run: async (event, { ports }) => {
    const { alarmName, state } = event.detail;
    const parsed = parseAlarmName(alarmName);
    if (state.value !== 'ALARM') return { action: 'ignored', reason: `${alarmName} went to ${state.value}` };
    if (!parsed) return { action: 'ignored', reason: `${alarmName} is not a Greenlight alarm` };

    const lock = await ports.store.readLock(lockKeyFor(parsed.service, parsed.environment));
    if (!lock) {
      return (
        (await pageIfMonitored(ports, parsed, alarmName, state.reason)) ?? {
          action: 'ignored',
          reason: `no deployment of ${parsed.service} in ${parsed.environment} is running`,
        }
      );
    }
    const deploymentId = lock.owner;
    const record = await ports.store.getDeployment(deploymentId);
    if (record?.targetColour !== parsed.colour) {
      await audit(ports, deploymentId, 'alarm', { alarmName, reason: state.reason, acted: false });
      return (
        (await pageIfMonitored(ports, parsed, alarmName, state.reason)) ?? {
          action: 'ignored',
          reason: `${alarmName} is on ${parsed.colour}, not on the colour being deployed`,
        }
      );
    }

    const judging = judgingSchema.safeParse(record[judgingField]);
    if (breachPredatesTraffic(state.reasonData, judging.success ? judging.data.trafficSinceMs : undefined)) {
      await audit(ports, deploymentId, 'alarm', {
        alarmName,
        reason: state.reason,
        acted: false,
        kind: 'before traffic',
      });
      return {
        action: 'ignored',
        reason: `${alarmName} measured ${parsed.colour} before its first production traffic (warming up)`,
      };
    }

    const cause = `alarm ${alarmName} went to ALARM: ${state.reason}`;
    for (const kind of abortable) {
      const token = await ports.store.getCallback(deploymentId, kind);
      if (!token) continue;
      const outcome = await ports.callbacks.fail(token, 'AlarmTriggeredError', cause);
      await audit(ports, deploymentId, 'alarm', {
        alarmName,
        reason: state.reason,
        acted: outcome === 'delivered',
        kind,
      });
      if (outcome === 'delivered') return { action: `aborted-${kind}`, deploymentId, reason: cause };
    }
    // No task waiting (between bakes): Verify and the next Bake read the alarm state themselves.
    await audit(ports, deploymentId, 'alarm', {
      alarmName,
      reason: state.reason,
      acted: false,
      kind: 'none waiting',
    });
    return { action: 'recorded', deploymentId, reason: cause };
  },
});
