/**
 * The IAM actions each capability's calls need, from the adapters' own declarations
 * (`iamActions` beside each AWS adapter's code, src/adapters/aws/iam.ts): the port methods a
 * capability stands for, and what their AWS implementations call. The grants of
 * lib/capability-grants.ts scope these actions to resources; test/cdk/iam-from-code.test.ts
 * holds every function's role to exactly the actions of its step's capabilities.
 */
import { CloudWatchAlarms } from '../src/adapters/aws/cloudwatch-alarms.ts';
import { CloudWatchMetrics } from '../src/adapters/aws/cloudwatch-metrics.ts';
import { DynamoDbStore } from '../src/adapters/aws/dynamodb-store.ts';
import { EcsCompute } from '../src/adapters/aws/ecs-compute.ts';
import { Elbv2TrafficRouter } from '../src/adapters/aws/elbv2-traffic-router.ts';
import type { IamAction } from '../src/adapters/aws/iam.ts';
import { LambdaHookRunner } from '../src/adapters/aws/lambda-hook-runner.ts';
import { RdsRestore } from '../src/adapters/aws/rds-restore.ts';
import { RdsSnapshotCatalog } from '../src/adapters/aws/rds-snapshot-catalog.ts';
import { RdsSnapshotRestore } from '../src/adapters/aws/rds-snapshot-restore.ts';
import { RdsSnapshots } from '../src/adapters/aws/rds-snapshots.ts';
import { secretDatabaseIamActions } from '../src/adapters/aws/secret-database.ts';
import { SfnCallbacks } from '../src/adapters/aws/sfn-callbacks.ts';
import { SnsNotifier } from '../src/adapters/aws/sns-notifier.ts';
import { drMetricsIamActions } from '../src/dr/aws-dr-ports.ts';
import type { Capability } from './step-capabilities.ts';

const all = (declaration: Readonly<Record<string, readonly IamAction[]>>): IamAction[] =>
  Object.values(declaration).flat();

const router = Elbv2TrafficRouter.iamActions;
const compute = EcsCompute.iamActions;

/** The actions of each capability: the union of its port methods' declared actions. */
export const actionsOfCapability: Readonly<Record<Capability, readonly IamAction[]>> = {
  store: all(DynamoDbStore.iamActions),
  config: [],
  router: [...router.setWeights, ...router.readWeights],
  'target-health': router.targetHealth,
  'test-listener': [...router.pointTestListener, ...router.testListenerColour],
  'compute-read': compute.status,
  'compute-deploy': compute.deploy,
  'compute-scale': compute.scaleToZero,
  metrics: all(CloudWatchMetrics.iamActions),
  'dr-metrics': drMetricsIamActions.publish,
  alarms: CloudWatchAlarms.iamActions.firing,
  snapshots: all(RdsSnapshots.iamActions),
  'snapshot-status': RdsSnapshots.iamActions.snapshotStatus,
  notify: SnsNotifier.iamActions.send,
  callbacks: all(SfnCallbacks.iamActions),
  heartbeat: SfnCallbacks.iamActions.heartbeat,
  smoke: [],
  hooks: LambdaHookRunner.iamActions.run,
  database: secretDatabaseIamActions,
  'migration-files': [],
  'dr-database': all(RdsRestore.iamActions),
  'snapshot-restore': all(RdsSnapshotRestore.iamActions),
  'snapshot-catalog': all(RdsSnapshotCatalog.iamActions),
};
