import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { ConfigError } from '../../errors.ts';
import type { Alarms, FiringAlarm } from '../../ports/alarms.ts';
import type { Colour } from '../../ports/colour.ts';
import type { ServiceBinding } from '../../schema/config.ts';
import { alarmNameFor } from '../../workflow/alarm-names.ts';
import type { IamActionsOf } from './iam.ts';
import { callAws } from './sdk-errors.ts';

/** Which service, in which environment, a binding belongs to (alarm names carry both). */
export interface ServiceIdentity {
  readonly service: string;
  readonly environment: string;
}

/**
 * The `Alarms` port passes only the binding, so the adapter maps the binding's blue target
 * group ARN (unique per service) back to the service. The stack knows the mapping at synth
 * time and passes it as `GREENLIGHT_SERVICE_TARGET_GROUPS`.
 */
export type ServiceIdentityResolver = (binding: ServiceBinding) => ServiceIdentity;

/** A resolver from `{ serviceName: blueTargetGroupArn }` for one environment. */
export function serviceIdentityFromTargetGroups(
  environment: string,
  blueTargetGroupByService: Readonly<Record<string, string>>,
): ServiceIdentityResolver {
  const byArn = new Map(Object.entries(blueTargetGroupByService).map(([service, arn]) => [arn, service]));
  return (binding) => {
    const service = byArn.get(binding.targetGroups.blue);
    if (!service) {
      throw new ConfigError(
        `no service of environment ${environment} has blue target group ${binding.targetGroups.blue} (known: ${[...byArn.keys()].join(', ') || 'none'}); redeploy the Greenlight stack after changing services in the config`,
      );
    }
    return { service, environment };
  };
}

/** `greenlight.<service>.<environment>.<colour>.`: the prefix of every alarm on one colour. */
export const alarmPrefixFor = (identity: ServiceIdentity, colour: Colour): string =>
  alarmNameFor(identity.service, identity.environment, colour, '');

export interface CloudWatchAlarmsOptions {
  readonly identify: ServiceIdentityResolver;
  /** @default a new client */
  readonly client?: CloudWatchClient;
}

/** Greenlight's alarms on one colour that are in ALARM state now. */
export class CloudWatchAlarms implements Alarms {
  /** The IAM actions each method calls (src/adapters/aws/iam.ts). */
  static readonly iamActions: IamActionsOf<Alarms> = { firing: ['cloudwatch:DescribeAlarms'] };

  private readonly client: CloudWatchClient;
  private readonly identify: ServiceIdentityResolver;

  constructor(options: CloudWatchAlarmsOptions) {
    this.client = options.client ?? new CloudWatchClient({});
    this.identify = options.identify;
  }

  async firing(binding: ServiceBinding, colour: Colour): Promise<readonly FiringAlarm[]> {
    const prefix = alarmPrefixFor(this.identify(binding), colour);
    const firing: FiringAlarm[] = [];
    let nextToken: string | undefined;
    do {
      const response = await callAws({ operation: 'DescribeAlarms', resource: `alarms ${prefix}*` }, () =>
        this.client.send(
          new DescribeAlarmsCommand({
            AlarmNamePrefix: prefix,
            StateValue: 'ALARM',
            // Metric alarms only: Greenlight creates no composite alarm, and DescribeAlarms of
            // composite alarms needs cloudwatch:DescribeAlarms on "*", wider than the
            // name-prefix grant of the alarms capability.
            AlarmTypes: ['MetricAlarm'],
            NextToken: nextToken,
          }),
        ),
      );
      for (const alarm of response.MetricAlarms ?? []) {
        firing.push({
          name: alarm.AlarmName ?? '(unnamed)',
          reason: alarm.StateReason ?? '',
          ...(alarm.StateReasonData ? { reasonData: alarm.StateReasonData } : {}),
        });
      }
      nextToken = response.NextToken;
    } while (nextToken);
    return firing;
  }
}
