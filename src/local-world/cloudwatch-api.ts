import {
  type CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import type { AlarmEvaluator } from './alarms/alarm-evaluator.ts';
import type { MetricsStore } from './metrics/metrics-store.ts';

/**
 * CloudWatch itself, for the AWS adapters: a client whose `send` answers GetMetricData,
 * PutMetricData and DescribeAlarms from the local metrics store and alarm evaluator. The
 * twin runs Greenlight's own CloudWatch adapters (the queries Verify makes, the alarm lookup of
 * Bake) unchanged; only the service behind them is local.
 */
export function localCloudWatchClient(metrics: MetricsStore, alarms: AlarmEvaluator): CloudWatchClient {
  const send = async (command: unknown): Promise<unknown> => {
    if (command instanceof GetMetricDataCommand) return metrics.getMetricData(command.input);
    if (command instanceof PutMetricDataCommand) {
      metrics.putMetricData(command.input);
      return { $metadata: {} };
    }
    if (command instanceof DescribeAlarmsCommand) return alarms.describeAlarms(command.input);
    const name = (command as { constructor?: { name?: string } })?.constructor?.name ?? String(command);
    throw new Error(
      `the local CloudWatch does not serve ${name}: only GetMetricData, PutMetricData and DescribeAlarms`,
    );
  };
  return { send } as unknown as CloudWatchClient;
}
