import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { RDSClient } from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { serviceIdentityFromTargetGroups } from '../adapters/aws/cloudwatch-alarms.ts';
import { type Env, optionalPositiveInt, requiredString, requiredStringRecord } from '../adapters/aws/env.ts';
import { envNames } from '../adapters/aws/ports-from-env.ts';
import { postgresUrlFromSecret } from '../adapters/aws/rds-migrator.ts';
import { type IntegrityReader, RdsRestore } from '../adapters/aws/rds-restore.ts';
import { callAws } from '../adapters/aws/sdk-errors.ts';
import { ConfigError } from '../errors.ts';
import { openPostgres } from '../local-world/db/postgres-database.ts';
import { currentSchema, describeTables, tableChecksums } from '../local-world/db/table-checksums.ts';
import { type DrMetrics, type DrPorts, drMetricNamespace } from './dr-ports.ts';

/** Environment variables only the DR functions read (the Greenlight stack sets them). */
export const drEnvNames = {
  /** Security group of the temporary instances: ingress on 5432 only from the DR functions. */
  securityGroupId: 'GREENLIGHT_DR_SECURITY_GROUP_ID',
  /** DB subnet group of the temporary instances (optional: the default one otherwise). */
  subnetGroupName: 'GREENLIGHT_DR_SUBNET_GROUP',
  /** Instance class of the temporary instances (optional). */
  instanceClass: 'GREENLIGHT_DR_INSTANCE_CLASS',
} as const;

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
    const secretArn = options.secretArnOf(binding);
    const response = await callAws(
      { operation: 'GetSecretValue', resource: secretArn, configHint: 'aws.databaseSecrets in the config' },
      () => options.client.send(new GetSecretValueCommand({ SecretId: secretArn })),
    );
    let secret: Record<string, unknown>;
    try {
      secret = JSON.parse(response.SecretString ?? '');
    } catch {
      throw new ConfigError(`secret ${secretArn} is not JSON; it must be an RDS database secret`);
    }
    const db = await openPostgres(postgresUrlFromSecret({ ...secret, host, port }, secretArn), {
      maxConnections: 1,
      statementTimeoutMs: 240_000,
    });
    try {
      const schema = await currentSchema(db);
      const shapes = (await describeTables(db, schema)).filter(
        (t) => tables === null || tables.includes(t.name),
      );
      return (await tableChecksums(db, schema, shapes)).map((t) => ({
        table: t.name,
        rowCount: t.rowCount,
        checksum: t.checksum,
      }));
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
  return {
    get database() {
      if (database) return database;
      const secrets = env[envNames.databaseSecrets]
        ? requiredStringRecord(
            env,
            envNames.databaseSecrets,
            'a JSON object mapping each service name to its RDS secret ARN',
          )
        : null;
      const environment = requiredString(env, envNames.environment, 'the environment this stack deploys');
      const identify = serviceIdentityFromTargetGroups(
        environment,
        requiredStringRecord(
          env,
          envNames.serviceTargetGroups,
          'a JSON object mapping each service to its blue target group ARN',
        ),
      );
      database = new RdsRestore({
        client: new RDSClient(clientConfig),
        securityGroupId: requiredString(
          env,
          drEnvNames.securityGroupId,
          'the security group id of the DR temporary instances',
        ),
        ...(env[drEnvNames.subnetGroupName] && { subnetGroupName: env[drEnvNames.subnetGroupName] }),
        ...(env[drEnvNames.instanceClass] && { instanceClass: env[drEnvNames.instanceClass] }),
        ...(secrets && {
          readIntegrity: secretIntegrityReader({
            client: new SecretsManagerClient(clientConfig),
            secretArnOf: (binding) => {
              const { service } = identify(binding);
              const arn = secrets[service];
              if (!arn)
                throw new ConfigError(`${envNames.databaseSecrets} has no secret for service ${service}`);
              return arn;
            },
          }),
        }),
      });
      return database;
    },
    get metrics() {
      metrics ??= cloudWatchDrMetrics(new CloudWatchClient(clientConfig));
      return metrics;
    },
  };
}
