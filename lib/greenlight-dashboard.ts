import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { Colour } from '../src/ports/colour.ts';
import type { ServiceBinding } from '../src/schema/config.ts';
import { targetGroupMetrics } from './target-group-alarms.ts';

export interface GreenlightDashboardProps {
  readonly environment: string;
  readonly services: Readonly<Record<string, ServiceBinding>>;
  readonly alarms: readonly cloudwatch.IAlarm[];
  readonly deployStateMachine: sfn.IStateMachine;
}

/** One dashboard per environment: deployments, then blue against green for each service. */
export class GreenlightDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: GreenlightDashboardProps) {
    super(scope, id);
    const period = Duration.minutes(1);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `greenlight-${props.environment}`,
      defaultInterval: Duration.hours(3),
    });
    const sm = props.deployStateMachine;
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Deployments',
        width: 12,
        left: [sm.metricStarted(), sm.metricSucceeded(), sm.metricFailed(), sm.metricAborted()],
      }),
      new cloudwatch.AlarmStatusWidget({ title: 'Greenlight alarms', width: 12, alarms: [...props.alarms] }),
    );
    for (const [service, binding] of Object.entries(props.services)) {
      const byColour = (pick: (m: ReturnType<typeof targetGroupMetrics>) => cloudwatch.Metric) =>
        (['blue', 'green'] as Colour[]).map((colour) =>
          pick(targetGroupMetrics(binding, colour, period)).with({ label: colour }),
        );
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: `${service}: requests`,
          width: 6,
          left: byColour((m) => m.requests),
        }),
        new cloudwatch.GraphWidget({
          title: `${service}: target 5xx`,
          width: 6,
          left: byColour((m) => m.errors5xx),
        }),
        new cloudwatch.GraphWidget({
          title: `${service}: p95 latency (s)`,
          width: 6,
          left: byColour((m) => m.p95),
        }),
        new cloudwatch.GraphWidget({
          title: `${service}: unhealthy hosts`,
          width: 6,
          left: byColour((m) => m.unhealthyHosts),
        }),
      );
    }
  }
}
