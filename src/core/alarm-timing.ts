/**
 * When an alarm's breach was measured. Green's targets sit in their target group while they warm
 * up, before any user request reaches them, so UnHealthyHostCount (and any alarm on it) can
 * breach for minutes that end before green's first production traffic. ALB publishes those
 * minutes late, so the ALARM can arrive during the first bake, long after green became healthy.
 * Such a breach says nothing about the release serving users, and must not roll it back; a
 * breach whose evaluated range reaches into the traffic always counts.
 */
import type { FiringAlarm } from '../ports/alarms.ts';

/** The end of the range CloudWatch evaluated, from an alarm's `StateReasonData`; undefined when it does not say. */
export function evaluatedUntilMs(reasonData: string | undefined): number | undefined {
  if (reasonData === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(reasonData);
  } catch {
    return undefined;
  }
  const { startDate, period, recentDatapoints } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof startDate !== 'string' || typeof period !== 'number' || !Array.isArray(recentDatapoints))
    return undefined;
  // CloudWatch writes `2026-01-06T10:00:00.000+0000`; Date.parse wants the offset as +00:00.
  const startMs = Date.parse(startDate.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  if (!Number.isFinite(startMs) || !(period > 0) || recentDatapoints.length === 0) return undefined;
  return startMs + recentDatapoints.length * period * 1000;
}

/**
 * Whether a breach was measured wholly before `trafficSinceMs` (green's first production
 * traffic). Unknown timing, or no traffic yet to compare with, counts as "no": the alarm acts.
 */
export function breachPredatesTraffic(
  reasonData: string | undefined,
  trafficSinceMs: number | undefined,
): boolean {
  if (trafficSinceMs === undefined) return false;
  const until = evaluatedUntilMs(reasonData);
  return until !== undefined && until <= trafficSinceMs;
}

/** The firing alarms that judge green's production traffic (see {@link breachPredatesTraffic}). */
export function alarmsOnTraffic(
  firing: readonly FiringAlarm[],
  trafficSinceMs: number | undefined,
): readonly FiringAlarm[] {
  return firing.filter((alarm) => !breachPredatesTraffic(alarm.reasonData, trafficSinceMs));
}
