/**
 * Every AWS adapter's declared IAM actions (its static `iamActions`, src/adapters/aws/iam.ts)
 * are the commands its code sends, no more and no fewer, save the actions AWS authorizes as
 * part of another call (`impliedActions`). The grants follow the declarations
 * (test/cdk/iam-from-code.test.ts), so a command added without its declaration fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CloudWatchAlarms } from '../../../src/adapters/aws/cloudwatch-alarms.ts';
import { CloudWatchMetrics } from '../../../src/adapters/aws/cloudwatch-metrics.ts';
import { DynamoDbStore } from '../../../src/adapters/aws/dynamodb-store.ts';
import { EcsCompute } from '../../../src/adapters/aws/ecs-compute.ts';
import { Elbv2TrafficRouter } from '../../../src/adapters/aws/elbv2-traffic-router.ts';
import { impliedActions } from '../../../src/adapters/aws/iam.ts';
import { RdsRestore } from '../../../src/adapters/aws/rds-restore.ts';
import { RdsSnapshotCatalog } from '../../../src/adapters/aws/rds-snapshot-catalog.ts';
import { RdsSnapshotRestore } from '../../../src/adapters/aws/rds-snapshot-restore.ts';
import { RdsSnapshots } from '../../../src/adapters/aws/rds-snapshots.ts';
import { secretDatabaseIamActions } from '../../../src/adapters/aws/secret-database.ts';
import { linkKeyIamActions } from '../../../src/adapters/aws/secrets-key.ts';
import { SfnCallbacks } from '../../../src/adapters/aws/sfn-callbacks.ts';
import { SnsNotifier } from '../../../src/adapters/aws/sns-notifier.ts';
import { drMetricsIamActions } from '../../../src/dr/aws-dr-ports.ts';

const src = new URL('../../../src/', import.meta.url).pathname;

/** The IAM service prefix of each SDK package. */
const servicePrefix: Readonly<Record<string, string>> = {
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/lib-dynamodb': 'dynamodb',
  '@aws-sdk/client-dynamodb': 'dynamodb',
  '@aws-sdk/client-ecs': 'ecs',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elasticloadbalancing',
  '@aws-sdk/client-rds': 'rds',
  '@aws-sdk/client-secrets-manager': 'secretsmanager',
  '@aws-sdk/client-sfn': 'states',
  '@aws-sdk/client-sns': 'sns',
};

/** lib-dynamodb's document commands and the DynamoDB actions they call. */
const documentCommands: Readonly<Record<string, string>> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  Query: 'Query',
};

/** The IAM actions of the commands `files` send, read from their code. */
function commandsIn(files: readonly string[]): string[] {
  return files.flatMap((file) => {
    const code = readFileSync(`${src}${file}`, 'utf8');
    const packages = [...code.matchAll(/from '(@aws-sdk\/[a-z0-9-]+)'/g)].map((m) => m[1] as string);
    const prefix = packages.map((name) => servicePrefix[name]).find(Boolean);
    return [
      ...new Set([...code.matchAll(/new ([A-Z][A-Za-z0-9]*)Command\(/g)].map((m) => m[1] as string)),
    ].map(
      (command) => `${prefix}:${prefix === 'dynamodb' ? (documentCommands[command] ?? command) : command}`,
    );
  });
}

const all = (declaration: Readonly<Record<string, readonly string[]>>) => Object.values(declaration).flat();

const adapters: readonly {
  readonly name: string;
  readonly declared: readonly string[];
  readonly files: readonly string[];
  /** Actions of another adapter this one calls through a port, with why. */
  readonly through?: Readonly<Record<string, string>>;
}[] = [
  {
    name: 'DynamoDbStore',
    declared: all(DynamoDbStore.iamActions),
    files: ['adapters/aws/dynamodb-store.ts'],
  },
  {
    name: 'Elbv2TrafficRouter',
    declared: all(Elbv2TrafficRouter.iamActions),
    files: ['adapters/aws/elbv2-traffic-router.ts'],
  },
  { name: 'EcsCompute', declared: all(EcsCompute.iamActions), files: ['adapters/aws/ecs-compute.ts'] },
  {
    name: 'CloudWatchAlarms',
    declared: all(CloudWatchAlarms.iamActions),
    files: ['adapters/aws/cloudwatch-alarms.ts'],
  },
  {
    name: 'CloudWatchMetrics',
    declared: all(CloudWatchMetrics.iamActions),
    files: ['adapters/aws/cloudwatch-metrics.ts'],
  },
  { name: 'SfnCallbacks', declared: all(SfnCallbacks.iamActions), files: ['adapters/aws/sfn-callbacks.ts'] },
  { name: 'SnsNotifier', declared: all(SnsNotifier.iamActions), files: ['adapters/aws/sns-notifier.ts'] },
  { name: 'RdsSnapshots', declared: all(RdsSnapshots.iamActions), files: ['adapters/aws/rds-snapshots.ts'] },
  {
    name: 'RdsSnapshotRestore',
    declared: all(RdsSnapshotRestore.iamActions),
    files: ['adapters/aws/rds-snapshot-restore.ts', 'adapters/aws/rds-lookups.ts'],
  },
  {
    name: 'RdsSnapshotCatalog',
    declared: all(RdsSnapshotCatalog.iamActions),
    files: ['adapters/aws/rds-snapshot-catalog.ts'],
  },
  {
    name: 'RdsRestore',
    declared: all(RdsRestore.iamActions),
    files: ['adapters/aws/rds-restore.ts', 'adapters/aws/rds-lookups.ts'],
    through: { 'dynamodb:GetItem': 'expectedIntegrity reads the figures through the Store port' },
  },
  { name: 'the DR metrics', declared: all(drMetricsIamActions), files: ['dr/aws-dr-ports.ts'] },
  {
    name: 'the database secrets',
    declared: secretDatabaseIamActions,
    files: ['adapters/aws/secret-database.ts'],
  },
  { name: 'the approval-link keys', declared: linkKeyIamActions, files: ['adapters/aws/secrets-key.ts'] },
];

describe('the AWS adapters’ IAM declarations', () => {
  it.each(adapters.map((adapter) => [adapter.name, adapter] as const))(
    '%s declares every command it sends, and nothing it does not',
    (_name, adapter) => {
      // Act
      const sent = new Set(commandsIn(adapter.files));
      const declared = new Set(adapter.declared);

      // Assess
      expect(sent.size).toBeGreaterThan(0);
      expect([...sent].filter((action) => !declared.has(action))).toEqual([]);
      expect(
        [...declared].filter(
          (action) =>
            !sent.has(action) && !(action in impliedActions) && !(action in (adapter.through ?? {})),
        ),
      ).toEqual([]);
    },
  );
});
