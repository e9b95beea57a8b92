import type { Colour } from '../ports/colour.ts';

/**
 * Greenlight's alarms are named `greenlight.<service>.<environment>.<colour>.<metric>`.
 * Dots cannot appear in service or environment names (kebab-case), so the name parses back
 * without ambiguity, and one EventBridge rule (`prefix: "greenlight."`) catches them all.
 */
export const alarmNamePrefix = 'greenlight.';

export function alarmNameFor(service: string, environment: string, colour: Colour, metric: string): string {
  return `${alarmNamePrefix}${service}.${environment}.${colour}.${metric}`;
}

export interface ParsedAlarmName {
  readonly service: string;
  readonly environment: string;
  readonly colour: Colour;
  readonly metric: string;
}

/** Parses a Greenlight alarm name, or returns null for any other alarm. */
export function parseAlarmName(name: string): ParsedAlarmName | null {
  const parts = name.split('.');
  if (parts.length !== 5 || `${parts[0]}.` !== alarmNamePrefix) return null;
  const [, service, environment, colour, metric] = parts;
  if (!service || !environment || !metric || (colour !== 'blue' && colour !== 'green')) return null;
  return { service, environment, colour, metric };
}
