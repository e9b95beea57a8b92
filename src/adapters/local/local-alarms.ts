import type { AlarmEvaluator } from '../../local-world/alarms/alarm-evaluator.ts';
import type { Alarms, FiringAlarm } from '../../ports/alarms.ts';
import type { Colour } from '../../ports/colour.ts';
import type { ServiceBinding } from '../../schema/config.ts';
import { alarmNamePrefix } from '../../workflow/alarm-names.ts';

/** The Alarms port over the local alarm evaluator, asked like DescribeAlarms (prefix + state ALARM). */
export class LocalAlarms implements Alarms {
  constructor(
    private readonly evaluator: AlarmEvaluator,
    private readonly scope: { service: string; environment: string },
  ) {}

  async firing(_binding: ServiceBinding, colour: Colour): Promise<readonly FiringAlarm[]> {
    const prefix = `${alarmNamePrefix}${this.scope.service}.${this.scope.environment}.${colour}.`;
    const answer = this.evaluator.describeAlarms({ AlarmNamePrefix: prefix, StateValue: 'ALARM' });
    return (answer.MetricAlarms ?? []).map((alarm) => ({
      name: alarm.AlarmName ?? '(unnamed)',
      reason: alarm.StateReason ?? 'in ALARM',
    }));
  }
}
