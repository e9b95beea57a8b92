/**
 * Extended monitoring after promotion (seed 002: "72-hour extended monitoring period"): the new
 * live colour's alarms stay armed after its standby. The Promote step records the window on the
 * deployment; the alarm relay reads it when an alarm fires and no workflow waits to roll back.
 * Pure.
 */
import type { Colour } from '../ports/colour.ts';
import type { DeploymentRecord } from '../ports/store.ts';

/** The deployment-record field that holds the window. */
export const monitoringField = 'monitoring';

export interface MonitoringWindow {
  readonly colour: Colour;
  readonly untilMs: number;
}

/** The window Promote records, or null when the environment sets none. */
export function monitoringWindow(
  extendedMonitoringSeconds: number,
  colour: Colour,
  promotedAtMs: number,
): MonitoringWindow | null {
  return extendedMonitoringSeconds > 0
    ? { colour, untilMs: promotedAtMs + extendedMonitoringSeconds * 1000 }
    : null;
}

/**
 * The deployment an alarm on `colour` belongs to under extended monitoring: the one that made
 * `colour` live with the latest start, if it is still live and its window is open at `nowMs`.
 */
export function monitoredDeployment(
  records: readonly DeploymentRecord[],
  live: { readonly colour: Colour; readonly version: string } | null,
  colour: Colour,
  nowMs: number,
): (DeploymentRecord & { readonly [monitoringField]: MonitoringWindow }) | null {
  if (live === null || live.colour !== colour) return null;
  const candidates = records
    .filter((record) => record.status === 'succeeded' && record.version === live.version)
    .filter((record) => {
      const window = record[monitoringField] as Partial<MonitoringWindow> | undefined;
      return window?.colour === colour && typeof window.untilMs === 'number' && nowMs < window.untilMs;
    })
    .sort((a, b) => b.startedAtMs - a.startedAtMs);
  return (candidates[0] as (DeploymentRecord & { [monitoringField]: MonitoringWindow }) | undefined) ?? null;
}
