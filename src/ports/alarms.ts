import type { ServiceBinding } from '../schema/config.ts';
import type { Colour } from './colour.ts';

export interface FiringAlarm {
  readonly name: string;
  readonly reason: string;
  /** CloudWatch's `StateReasonData` (JSON): when the breach was measured. */
  readonly reasonData?: string;
}

/** CloudWatch alarms on a colour's target group (DescribeAlarms on AWS). */
export interface Alarms {
  firing(binding: ServiceBinding, colour: Colour): Promise<readonly FiringAlarm[]>;
}
