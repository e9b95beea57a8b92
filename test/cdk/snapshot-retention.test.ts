import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Synthesised, synthEnvironment } from './synth.ts';

let synthesised: Synthesised;
let template: Template;

beforeAll(() => {
  synthesised = synthEnvironment('production');
  template = synthesised.template;
});

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** The IAM statements of the snapshot-retention function's role. */
function retentionStatements(): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.entries(policies)
    .filter(([id]) => id.startsWith('GreenlightSnapshotRetentionStep'))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

const actionsOf = (statement: Statement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

describe('Construct: Greenlight snapshot retention (production)', () => {
  it('creates the function and lists it with the others', () => {
    expect(synthesised.stack.greenlight.functions.has('snapshot-retention')).toBe(true);
  });

  it('invokes it daily for this environment with EventBridge Scheduler', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'greenlight-production-snapshot-retention',
      ScheduleExpression: 'cron(30 3 * * ? *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GreenlightSnapshotRetentionStep'), 'Arn'] },
        Input: JSON.stringify({ environment: 'production' }),
      }),
    });
  });

  it('deletes only greenlight-* snapshots that carry the greenlight:deployment tag', () => {
    const deletes = retentionStatements().filter((s) => actionsOf(s).some((a) => a.startsWith('rds:Delete')));
    expect(deletes).toHaveLength(1);
    expect(actionsOf(deletes[0]!).sort()).toEqual(['rds:DeleteDBClusterSnapshot', 'rds:DeleteDBSnapshot']);
    expect(deletes[0]?.Condition).toEqual({ StringLike: { 'aws:ResourceTag/greenlight:deployment': '*' } });
    const resources = JSON.stringify(deletes[0]?.Resource);
    expect(resources).toContain(':snapshot:greenlight-*');
    expect(resources).toContain(':cluster-snapshot:greenlight-*');
  });

  it('may describe snapshots but nothing else on RDS', () => {
    const rdsActions = retentionStatements()
      .flatMap(actionsOf)
      .filter((a) => a.startsWith('rds:'))
      .sort();
    expect(rdsActions).toEqual([
      'rds:DeleteDBClusterSnapshot',
      'rds:DeleteDBSnapshot',
      'rds:DescribeDBClusterSnapshots',
      'rds:DescribeDBSnapshots',
    ]);
  });
});
