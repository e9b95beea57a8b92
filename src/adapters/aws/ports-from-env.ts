import { Logger } from '@aws-lambda-powertools/logger';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient } from '@aws-sdk/client-rds';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConfigError } from '../../errors.ts';
import { PagerFallbackNotifier } from '../../notifications/pager-fallback.ts';
import { systemClock } from '../../ports/clock.ts';
import type { Migrator } from '../../ports/database.ts';
import type { Ports } from '../../ports/index.ts';
import { CloudWatchAlarms, serviceIdentityFromTargetGroups } from './cloudwatch-alarms.ts';
import { CloudWatchMetrics } from './cloudwatch-metrics.ts';
import { DynamoDbStore } from './dynamodb-store.ts';
import { EcsCompute } from './ecs-compute.ts';
import { Elbv2TrafficRouter } from './elbv2-traffic-router.ts';
import { type Env, optionalPositiveInt, requiredString, requiredStringRecord } from './env.ts';
import { EnvConfigSource } from './env-config-source.ts';
import { HttpSmokeTester } from './http-smoke-tester.ts';
import { RdsSnapshotRestore } from './rds-snapshot-restore.ts';
import { RdsSnapshots } from './rds-snapshots.ts';
import { SfnCallbacks } from './sfn-callbacks.ts';
import { bestEffortIntegrityRecorder, type LiveIntegrityReader } from './snapshot-integrity-recorder.ts';
import { SnsNotifier } from './sns-notifier.ts';

/**
 * The environment variables the Greenlight stack sets on every function. `lib/` imports
 * these names, so the stack and the adapters cannot drift apart.
 */
export const envNames = {
  environment: 'GREENLIGHT_ENVIRONMENT',
  tableName: 'GREENLIGHT_TABLE_NAME',
  topicInfo: 'GREENLIGHT_TOPIC_INFO_ARN',
  topicWarning: 'GREENLIGHT_TOPIC_WARNING_ARN',
  topicCritical: 'GREENLIGHT_TOPIC_CRITICAL_ARN',
  /** Where a critical notification goes when the critical topic refuses it (src/notifications/pager-fallback.ts). */
  topicPager: 'GREENLIGHT_TOPIC_PAGER_ARN',
  serviceTargetGroups: 'GREENLIGHT_SERVICE_TARGET_GROUPS',
  /** Only on Preflight: the environment config JSON. */
  config: 'GREENLIGHT_CONFIG',
  smokeTimeoutMs: 'GREENLIGHT_SMOKE_TIMEOUT_MS',
  awsRequestTimeoutMs: 'GREENLIGHT_AWS_REQUEST_TIMEOUT_MS',
  auditRetentionDays: 'GREENLIGHT_AUDIT_RETENTION_DAYS',
  /** Only on Migrate and Rollback: `{"<service>": "<RDS secret ARN>"}`. */
  databaseSecrets: 'GREENLIGHT_DATABASE_SECRETS',
} as const;

/**
 * When the stack was deployed without database secrets, a request with migrations is refused
 * with a message that says how to enable them, instead of being skipped silently (skipping
 * would deploy code whose schema is missing).
 */
export const migrationsUnavailable: Migrator = {
  check: async (_binding, location) => {
    throw new ConfigError(
      `migrations are not enabled in this Greenlight stack: the request names migrations at ${location}, but ${envNames.databaseSecrets} is not set. Set aws.databaseSecrets (and aws.databaseVpc) in the config and redeploy, or send the request without "migrations"`,
    );
  },
  migrate: async (_binding, request) => {
    throw new ConfigError(
      `migrations are not enabled in this Greenlight stack: the request names migrations at ${request.location}, but ${envNames.databaseSecrets} is not set. Set aws.databaseSecrets (and aws.databaseVpc) in the config and redeploy, or send the request without "migrations"`,
    );
  },
  revert: async (_binding, request) => {
    throw new ConfigError(
      `migrations are not enabled in this Greenlight stack, so deployment ${request.deploymentId} applied none and there is nothing to revert; use rollback.database "none" or "restore-with-approval"`,
    );
  },
};

/** The stack enabled migrations, but this function's entry did not bind the SQL migrator. */
const migratorNotBound: Migrator = {
  check: async () => {
    throw new ConfigError(
      `${envNames.databaseSecrets} is set but this function's entry does not bind the SQL migrator: its index.ts must call awsPortsFromEnv(process.env, { migrator: awsMigratorFromEnv() }) (src/adapters/aws/rds-migrator-from-env.ts)`,
    );
  },
  migrate: async () => {
    throw new ConfigError(
      `${envNames.databaseSecrets} is set but this function's entry does not bind the SQL migrator: its index.ts must call awsPortsFromEnv(process.env, { migrator: awsMigratorFromEnv() }) (src/adapters/aws/rds-migrator-from-env.ts)`,
    );
  },
  revert: async () => {
    throw new ConfigError(
      `${envNames.databaseSecrets} is set but this function's entry does not bind the SQL migrator: its index.ts must pass { migrator: awsMigratorFromEnv() } to awsPortsFromEnv`,
    );
  },
};

/** Every SDK client: adaptive retries (3 attempts), and timeouts so a hung call fails fast enough for the ASL to retry. */
export const sdkClientConfig = (requestTimeoutMs: number) => ({
  retryMode: 'adaptive',
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 3000, requestTimeout: requestTimeoutMs },
});

/** Memoises a factory: each SDK client and adapter is created once, on first use. */
function once<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= create();
    return value;
  };
}

/**
 * Binds every port to its AWS adapter from the function's environment variables.
 *
 * The SQL migration engine is not imported here: it would add umzug and pg to every bundle
 * (about +650 KB and +50 ms per cold start, measured by bench/lambda-bundles.ts). The Migrate
 * and Rollback entries pass `{ migrator: awsMigratorFromEnv() }` (`rds-migrator-from-env.ts`);
 * every other function gets {@link migrationsUnavailable}.
 *
 * Variables are checked now (at cold start). SDK clients are created on first use, so a step
 * that only touches DynamoDB does not pay for the other clients; each is created once, with
 * adaptive retries (3 attempts) and connection/request timeouts so a hung call fails fast
 * enough for the ASL to retry it.
 */
export function awsPortsFromEnv(
  env: Env = process.env,
  overrides: Partial<Pick<Ports, 'migrator'>> & {
    /** Backup only: records row counts and checksums with each snapshot (`live-integrity-reader.ts`). */
    readonly readLiveIntegrity?: LiveIntegrityReader;
  } = {},
): Ports {
  const environment = requiredString(
    env,
    envNames.environment,
    'the environment this stack deploys, e.g. production',
  );
  const tableName = requiredString(env, envNames.tableName, "the name of Greenlight's DynamoDB table");
  const topicArns = {
    info: requiredString(env, envNames.topicInfo, 'the ARN of the info SNS topic'),
    warning: requiredString(env, envNames.topicWarning, 'the ARN of the warning SNS topic'),
    critical: requiredString(env, envNames.topicCritical, 'the ARN of the critical SNS topic'),
  };
  const blueTargetGroups = requiredStringRecord(
    env,
    envNames.serviceTargetGroups,
    'a JSON object mapping each service name to its blue target group ARN',
  );
  const identify = serviceIdentityFromTargetGroups(environment, blueTargetGroups);
  const smokeTimeoutMs = optionalPositiveInt(env, envNames.smokeTimeoutMs, 5000);
  const requestTimeoutMs = optionalPositiveInt(env, envNames.awsRequestTimeoutMs, 10_000);
  const auditRetentionDays = optionalPositiveInt(env, envNames.auditRetentionDays);
  const configJson = env[envNames.config];

  const clientConfig = sdkClientConfig(requestTimeoutMs);
  const router = once(
    () => new Elbv2TrafficRouter({ client: new ElasticLoadBalancingV2Client(clientConfig) }),
  );
  const cloudWatch = once(() => new CloudWatchClient(clientConfig));
  const metrics = once(() => new CloudWatchMetrics({ client: cloudWatch() }));
  const alarms = once(
    () =>
      new CloudWatchAlarms({
        client: cloudWatch(),
        identify,
      }),
  );
  const compute = once(() => new EcsCompute({ client: new ECSClient(clientConfig) }));
  const rds = once(() => new RDSClient(clientConfig));
  const snapshots = once(() => {
    const read = overrides.readLiveIntegrity;
    const logger = new Logger({ serviceName: 'greenlight' });
    return new RdsSnapshots({
      client: rds(),
      ...(read && {
        integrity: bestEffortIntegrityRecorder({
          read,
          store: store(),
          clock: systemClock,
          warn: (message, details) => logger.warn(message, details),
        }),
      }),
    });
  });
  const restore = once(() => new RdsSnapshotRestore({ client: rds() }));
  const pagerTopicArn = env[envNames.topicPager];
  const notifier = once(() => {
    const client = new SNSClient(clientConfig);
    const topics = new SnsNotifier({ client, topicArns });
    if (!pagerTopicArn) return topics;
    const pager = new SnsNotifier({
      client,
      topicArns: { info: pagerTopicArn, warning: pagerTopicArn, critical: pagerTopicArn },
    });
    return new PagerFallbackNotifier(topics, pager);
  });
  const callbacks = once(() => new SfnCallbacks({ client: new SFNClient(clientConfig) }));
  const store = once(
    () =>
      new DynamoDbStore({
        tableName,
        auditRetentionDays,
        client: DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig), {
          marshallOptions: { removeUndefinedValues: true },
        }),
      }),
  );
  const config = once(() => {
    if (!configJson) {
      return {
        load: async () => {
          throw new ConfigError(
            `environment variable ${envNames.config} is missing; only the preflight function receives the environment config`,
          );
        },
      };
    }
    return new EnvConfigSource(configJson, envNames.config);
  });
  const smoke = once(() => new HttpSmokeTester({ timeoutMs: smokeTimeoutMs }));
  const migrator = once(
    () => overrides.migrator ?? (env[envNames.databaseSecrets] ? migratorNotBound : migrationsUnavailable),
  );

  return {
    clock: systemClock,
    get migrator() {
      return migrator();
    },
    get config() {
      return config();
    },
    get router() {
      return router();
    },
    get compute() {
      return compute();
    },
    get metrics() {
      return metrics();
    },
    get alarms() {
      return alarms();
    },
    get smoke() {
      return smoke();
    },
    get snapshots() {
      return snapshots();
    },
    get restore() {
      return restore();
    },
    get notifier() {
      return notifier();
    },
    get callbacks() {
      return callbacks();
    },
    get store() {
      return store();
    },
  };
}
