/**
 * What each Lambda step may touch, by port capability. The construct turns each capability
 * into IAM statements scoped to the configured ARNs (`lib/capability-grants.ts`), so a
 * function gets exactly what its port calls need.
 *
 * Kept in step with the handlers by reading which `ports.*` calls each one makes.
 */
import type { PortName } from '../src/adapters/aws/aws-ports.ts';

export type Capability =
  /** DynamoDB items: lock, records, audit, live colour, callbacks (every step audits). */
  | 'store'
  /** The environment config JSON in GREENLIGHT_CONFIG (Preflight only). */
  | 'config'
  /** ModifyListener + DescribeListeners. */
  | 'router'
  /** DescribeTargetHealth. */
  | 'target-health'
  /** DescribeServices + DescribeTaskDefinition. */
  | 'compute-read'
  /** RegisterTaskDefinition (+ PassRole, TagResource) + UpdateService. */
  | 'compute-deploy'
  /** UpdateService desiredCount 0. */
  | 'compute-scale'
  /** GetMetricData. */
  | 'metrics'
  /** PutMetricData, in the DR drills' own namespace only (Greenlight/DR): a drill's RTO, RPO and verdict. */
  | 'dr-metrics'
  /** DescribeAlarms on Greenlight's alarms. */
  | 'alarms'
  /** Create/describe RDS snapshots of the bound databases. */
  | 'snapshots'
  /** Describe only: whether Greenlight's snapshots of the bound databases are available yet. */
  | 'snapshot-status'
  /** Publish to the severity topics. */
  | 'notify'
  /** SendTaskSuccess/Failure/Heartbeat on the deploy state machine. */
  | 'callbacks'
  /** SendTaskHeartbeat only: keeps waiting tasks alive, can never end one. */
  | 'heartbeat'
  /** ModifyListener on the test listeners only: DeployGreen points them at the colour it deploys. */
  | 'test-listener'
  /** HTTP to the test listener (smoke tests); may need the function in the VPC. */
  | 'smoke'
  /** lambda:InvokeFunction on the services' hook functions, and nothing else. */
  | 'hooks'
  /**
   * SQL on the service's database (migrations; the figures recorded with a backup; a drill's
   * restored copy): the database secrets, the database VPC, the migration folders in the bundle.
   */
  | 'database'
  /**
   * The migration folders in the bundle and which services have databases, without any database
   * access: Preflight checks a request's migrations location before anything changes.
   */
  | 'migration-files'
  /** DR drills: restore a snapshot into an isolated temporary instance (gl-dr-*), describe, delete. */
  | 'dr-database'
  /** The approved rollback restore: restore Greenlight's snapshot beside the database, rename-swap (never delete). */
  | 'snapshot-restore'
  /** Snapshot retention: list the account's manual snapshots, delete expired ones Greenlight named and tagged. */
  | 'snapshot-catalog';

export const capabilitiesByStep: Readonly<Record<string, readonly Capability[]>> = {
  preflight: ['store', 'config', 'compute-read', 'migration-files'],
  approval: ['store', 'notify'],
  /** `database`: reads the row counts and checksums recorded with each snapshot. */
  backup: ['store', 'snapshots', 'database', 'callbacks'],
  migrate: ['store', 'database'],
  /** `callbacks`: AwaitGreen completes its own wait when the rollout is already done. */
  'deploy-green': ['store', 'compute-read', 'compute-deploy', 'test-listener', 'callbacks'],
  'verify-green': ['store', 'target-health', 'smoke', 'hooks'],
  'shift-weight': ['store', 'router'],
  bake: ['store', 'alarms', 'callbacks'],
  verify: ['store', 'metrics', 'alarms', 'hooks'],
  promote: ['store'],
  standby: ['store'],
  'decommission-blue': ['store', 'compute-scale'],
  /** `smoke`: after the switch, fresh probes through the production listener (the target health lags). */
  rollback: ['store', 'router', 'target-health', 'smoke', 'database'],
  'restore-database': ['store', 'notify', 'snapshot-restore'],
  finish: ['store'],
  notify: ['store', 'notify'],
  'alarm-relay': ['store', 'callbacks', 'notify'],
  /** Not a workflow step: RDS and ECS events (and a fallback schedule) complete AwaitBackup and AwaitGreen. */
  'wait-relay': ['store', 'callbacks', 'compute-read', 'snapshot-status'],
  /** Not a workflow step: EventBridge sends it the deploy workflow's abnormal ends. */
  reconcile: ['store', 'router', 'target-health', 'notify'],
  /** Not workflow steps: the endpoints that complete AwaitApproval (signed links; operators over IAM). */
  'approval-endpoint': ['store', 'callbacks'],
  'approval-api': ['store', 'callbacks'],
  /** Not a workflow step: scheduled, heartbeats waiting approval gates and reminds their approvers. */
  'approval-reminder': ['store', 'notify', 'heartbeat'],
  /** Not a workflow step: scheduled, judges bakes and standby, and fails the waiting task of a bad release. */
  'early-verdict': ['store', 'config', 'metrics', 'callbacks'],
  // DR drill steps (statemachines/dr-test.asl.json).
  /** Listing the database's snapshots is part of `dr-database`: a drill never creates one. */
  'dr-find-snapshot': ['store', 'config', 'dr-database'],
  'dr-restore': ['store', 'dr-database'],
  'dr-check-restore': ['store', 'dr-database'],
  'dr-verify-integrity': ['store', 'dr-database', 'database'],
  'dr-evaluate': ['store'],
  'dr-cleanup': ['store', 'dr-database'],
  'dr-report': ['store', 'notify', 'dr-metrics'],
  /** Not a workflow step: scheduled daily, deletes expired Greenlight snapshots. */
  'snapshot-retention': ['store', 'snapshot-catalog'],
};

/** Capabilities of a step; an unknown step (e.g. a new DR step) gets the store only. */
export const capabilitiesOf = (step: string): readonly Capability[] => capabilitiesByStep[step] ?? ['store'];

/**
 * The ports a capability's calls go through: a function's entry composes exactly the ports of
 * its step's capabilities (functions/<step>/index.ts), so its bundle carries only their SDK
 * clients. `database` is SQL through the migrator (Migrate, Rollback) or a reader of its own
 * (Backup, the DR drill); the DR capabilities go through the DR ports (src/dr/aws-dr-ports.ts).
 */
export const portsOfCapability: Readonly<Record<Capability, readonly PortName[]>> = {
  store: ['store'],
  config: ['config'],
  router: ['router'],
  'target-health': ['router'],
  'test-listener': ['router'],
  'compute-read': ['compute'],
  'compute-deploy': ['compute'],
  'compute-scale': ['compute'],
  metrics: ['metrics'],
  'dr-metrics': [],
  alarms: ['alarms'],
  snapshots: ['snapshots'],
  'snapshot-status': ['snapshots'],
  notify: ['notifier'],
  callbacks: ['callbacks'],
  heartbeat: ['callbacks'],
  smoke: ['smoke'],
  hooks: ['hooks'],
  database: [],
  'migration-files': ['migrator'],
  'dr-database': [],
  'snapshot-restore': ['restore'],
  'snapshot-catalog': [],
};
