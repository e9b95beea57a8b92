/** What the Greenlight stack tells every function through its environment, and how its SDK clients behave. */

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

/** Every SDK client: adaptive retries (3 attempts), and timeouts so a hung call fails fast enough for the ASL to retry. */
export const sdkClientConfig = (requestTimeoutMs: number) => ({
  retryMode: 'adaptive',
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 3000, requestTimeout: requestTimeoutMs },
});
