import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RDSClient } from '@aws-sdk/client-rds';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { databaseSecretArnsFromEnv } from '../adapters/aws/database-secrets-from-env.ts';
import { DynamoDbStore } from '../adapters/aws/dynamodb-store.ts';
import { type Env, optionalPositiveInt, requiredString } from '../adapters/aws/env.ts';
import type { IamActionsOf } from '../adapters/aws/iam.ts';
import { type IntegrityReader, RdsRestore } from '../adapters/aws/rds-restore.ts';
import { callAws } from '../adapters/aws/sdk-errors.ts';
import { openSecretDatabase } from '../adapters/aws/secret-database.ts';
import { envNames } from '../adapters/aws/stack-env.ts';
import { type DrMetrics, type DrPorts, drMetricNamespace } from './dr-ports.ts';
import { readTableIntegrity } from './read-table-integrity.ts';

/** Environment variables only the DR functions read (the Greenlight stack sets them). */
export const drEnvNames = {
  /** Security group of the temporary instances: ingress on 5432 only from the DR functions. */
  securityGroupId: 'GREENLIGHT_DR_SECURITY_GROUP_ID',
  /** DB subnet group of the temporary instances (optional: the source database's own otherwise). */
  subnetGroupName: 'GREENLIGHT_DR_SUBNET_GROUP',
  /** Instance class of the temporary instances (optional). */
  instanceClass: 'GREENLIGHT_DR_INSTANCE_CLASS',
} as const;

/** The IAM actions of the DR drill's metrics (src/adapters/aws/iam.ts). */
export const drMetricsIamActions: IamActionsOf<DrMetrics> = { publish: ['cloudwatch:PutMetricData'] };

/** CloudWatch PutMetricData, one datum per call, in the Greenlight/DR namespace. */
export function cloudWatchDrMetrics(client: CloudWatchClient): DrMetrics {
  return {
    async publish(name, value, unit, dimensions) {
      await callAws({ operation: 'PutMetricData', resource: `${drMetricNamespace}/${name}` }, () =>
        client.send(
          new PutMetricDataCommand({
            Namespace: drMetricNamespace,
            MetricData: [
              {
                MetricName: name,
                Value: value,
                Unit: unit,
                Timestamp: new Date(),
                Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
              },
            ],
          }),
        ),
      );
    },
  };
}

/**
 * Reads the restored copy's tables with the source database's credentials (a restore keeps
 * the master user and password), pointed at the temporary endpoint. The function must reach
 * it: in the database VPC, allowed in by the drill's security group.
 */
export function secretIntegrityReader(options: {
  readonly client: SecretsManagerClient;
  readonly secretArnOf: (binding: Parameters<IntegrityReader>[0]['binding']) => string;
}): IntegrityReader {
  return async ({ binding, host, port, tables }) => {
    const db = await openSecretDatabase({
      client: options.client,
      secretArn: options.secretArnOf(binding),
      endpoint: { host, port },
      statementTimeoutMs: 240_000,
    });
    try {
      return await readTableIntegrity(db, { tables });
    } finally {
      await db.close();
    }
  };
}

/** Binds the DR ports to AWS from the function's environment; clients are created on first use. */
export function awsDrPortsFromEnv(env: Env = process.env): DrPorts {
  const requestTimeoutMs = optionalPositiveInt(env, envNames.awsRequestTimeoutMs, 10_000);
  const clientConfig = {
    retryMode: 'adaptive',
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 3000, requestTimeout: requestTimeoutMs },
  };
  let database: RdsRestore | undefined;
  let metrics: DrMetrics | undefined;
  let records: DynamoDbStore | undefined;
  return {
    get database() {
      if (database) return database;
      const secretArnOf = databaseSecretArnsFromEnv(env);
      const tableName = requiredString(env, envNames.tableName, "the name of Greenlight's DynamoDB table");
      database = new RdsRestore({
        client: new RDSClient(clientConfig),
        securityGroupId: requiredString(
          env,
          drEnvNames.securityGroupId,
          'the security group id of the DR temporary instances',
        ),
        ...(env[drEnvNames.subnetGroupName] && { subnetGroupName: env[drEnvNames.subnetGroupName] }),
        ...(env[drEnvNames.instanceClass] && { instanceClass: env[drEnvNames.instanceClass] }),
        ...(secretArnOf && {
          readIntegrity: secretIntegrityReader({
            client: new SecretsManagerClient(clientConfig),
            secretArnOf,
          }),
        }),
        // What the Backup step recorded with the snapshot (src/adapters/aws/snapshot-integrity-recorder.ts).
        integrityRecords: {
          getSnapshotIntegrity: (snapshotId) => {
            records ??= new DynamoDbStore({
              tableName,
              client: DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig)),
            });
            return records.getSnapshotIntegrity(snapshotId);
          },
        },
      });
      return database;
    },
    get metrics() {
      metrics ??= cloudWatchDrMetrics(new CloudWatchClient(clientConfig));
      return metrics;
    },
  };
}
