import type { FiringAlarm } from '../ports/alarms.ts';

/** `alarm greenlight.shop.prod.green.5xx-rate is in ALARM: Threshold Crossed: ...` for one or more alarms. */
export function describeFiring(firing: readonly FiringAlarm[]): string {
  return firing.map((alarm) => `alarm ${alarm.name} is in ALARM: ${alarm.reason}`).join('; ');
}
