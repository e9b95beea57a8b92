import { ArnFormat, type Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { isListenerRuleArn, rdsIdentifier } from '../src/core/arns.ts';
import { drillableSnapshotPatterns } from '../src/core/drillable-snapshots.ts';
import { restoreNamePatterns } from '../src/core/snapshot-restore.ts';
import { drMetricNamespace } from '../src/dr/dr-ports.ts';
import type { ServiceBinding } from '../src/schema/config.ts';
import { alarmNamePrefix } from '../src/workflow/alarm-names.ts';
import { acknowledge, acknowledgeWildcards } from './nag-wildcards.ts';
import type { Capability } from './step-capabilities.ts';

/** What the grants are scoped to. */
export interface GrantScope {
  readonly stack: Stack;
  readonly environment: string;
  readonly services: Readonly<Record<string, ServiceBinding>>;
  readonly table: ITable;
  /** The `byKind` index ARN is granted explicitly, never `index/*`. */
  readonly tableIndexNames: readonly string[];
  readonly topics: readonly ITopic[];
  readonly deployStateMachineArn: string;
  /** Secret ARN per service, for migrations. */
  readonly databaseSecrets: Readonly<Record<string, string>>;
  /** Task definition family and roles per service (aws.taskDefinitions); empty when not configured. */
  readonly taskDefinitions: Readonly<Record<string, TaskDefinitionGrant>>;
}

/** What DeployGreen registers for one service: revisions of `family`, passing `roleArns`. */
export interface TaskDefinitionGrant {
  readonly family: string;
  readonly roleArns: readonly string[];
}

/** Whether every service names its task definition family and roles, so both grants can be exact. */
const namesEveryTaskDefinition = (scope: GrantScope): boolean =>
  Object.keys(scope.services).every((service) => scope.taskDefinitions[service] !== undefined);

/** An ECS service ARN from an ARN or a name (names are resolved in the stack's account/region). */
export function ecsServiceArn(stack: Stack, cluster: string, service: string): string {
  if (service.startsWith('arn:')) return service;
  const clusterName = cluster.startsWith('arn:') ? (cluster.split('/').at(-1) ?? cluster) : cluster;
  return stack.formatArn({ service: 'ecs', resource: 'service', resourceName: `${clusterName}/${service}` });
}

/** An RDS instance or cluster ARN from an ARN or an identifier. */
export function rdsArn(stack: Stack, id: string, kind: 'instance' | 'cluster'): string {
  if (id.startsWith('arn:')) return id;
  return stack.formatArn({
    service: 'rds',
    resource: kind === 'cluster' ? 'cluster' : 'db',
    resourceName: id,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

const rdsColonArn = (stack: Stack, resource: string, name: string): string =>
  `arn:${stack.partition}:rds:${stack.region}:${stack.account}:${resource}:${name}`;

/** Why each capability's wildcards are needed (the cdk-nag acknowledgement reasons). */
const wildcardReasons: Readonly<Record<string, string>> = {
  store: 'no wildcard expected',
  router: 'elasticloadbalancing:DescribeListeners does not support resource-level permissions',
  'target-health': 'elasticloadbalancing:DescribeTargetHealth does not support resource-level permissions',
  'test-listener': 'elasticloadbalancing:DescribeListeners does not support resource-level permissions',
  'compute-read': 'ecs:DescribeTaskDefinition does not support resource-level permissions',
  'compute-deploy':
    'ecs:RegisterTaskDefinition has no resource-level permissions; TagResource only when registering; PassRole only to ecs-tasks.amazonaws.com for the roles the current revision already uses',
  'compute-scale': 'no wildcard expected',
  metrics: 'cloudwatch:GetMetricData does not support resource-level permissions',
  'dr-metrics':
    'cloudwatch:PutMetricData does not support resource-level permissions (scoped by the cloudwatch:namespace condition)',
  alarms: "only Greenlight's own alarms of this environment (greenlight.<service>.<environment>.*)",
  snapshots: 'only snapshots Greenlight names (greenlight-*) of the bound databases',
  'snapshot-status': 'describes only snapshots Greenlight names (greenlight-*) of the bound databases',
  'snapshot-catalog':
    'lists every manual snapshot of the account and region to read their tags (RDS cannot filter a describe by tag), read-only; deletes only snapshots Greenlight names (greenlight-*) and tags (greenlight:deployment present)',
  callbacks: 'no wildcard expected',
  heartbeat: 'no wildcard expected',
  database: 'no wildcard expected',
  'snapshot-restore':
    "an approved restore creates and renames only <database>-gl-r-*/<database>-gl-k-* copies of the bound databases, from Greenlight's own snapshots, in the source's subnet, option and parameter groups; an Aurora copy reads the source writer's settings (DescribeDBInstances, read-only, on any instance: its name is known only at run time)",
  'dr-database':
    "DR drills create and delete only gl-dr-* temporary instances, restore only the bound databases' automated backups (rds:<database>-*) and Greenlight's own snapshots of them (greenlight-<service>-<environment>*), into the groups the source uses",
};

type StatementFactory = (scope: GrantScope) => iam.PolicyStatement[];

const bindings = (scope: GrantScope): ServiceBinding[] => Object.values(scope.services);

const statements: Readonly<
  Record<Exclude<Capability, 'config' | 'smoke' | 'notify' | 'migration-files'>, StatementFactory>
> = {
  store: (scope) => [
    new iam.PolicyStatement({
      actions: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:Query',
      ],
      resources: [
        scope.table.tableArn,
        ...scope.tableIndexNames.map((index) => `${scope.table.tableArn}/index/${index}`),
      ],
    }),
  ],
  router: (scope) => {
    // The switch is a listener's default actions or one listener rule's (elbv2-traffic-router.ts).
    const rules = bindings(scope).filter((b) => isListenerRuleArn(b.listener));
    const listeners = bindings(scope).filter((b) => !isListenerRuleArn(b.listener));
    return [
      ...(listeners.length > 0
        ? [
            new iam.PolicyStatement({
              actions: ['elasticloadbalancing:ModifyListener'],
              resources: listeners.map((b) => b.listener),
            }),
          ]
        : []),
      ...(rules.length > 0
        ? [
            new iam.PolicyStatement({
              actions: ['elasticloadbalancing:ModifyRule'],
              resources: rules.map((b) => b.listener),
            }),
          ]
        : []),
      // Resource "*": ELBv2 Describe* actions do not support resource-level permissions.
      new iam.PolicyStatement({
        actions: [
          'elasticloadbalancing:DescribeListeners',
          ...(rules.length > 0 ? ['elasticloadbalancing:DescribeRules'] : []),
        ],
        resources: ['*'],
      }),
    ];
  },
  'test-listener': (scope) => {
    const testListeners = bindings(scope).flatMap((b) => (b.testListenerArn ? [b.testListenerArn] : []));
    return [
      ...(testListeners.length > 0
        ? [
            new iam.PolicyStatement({
              actions: ['elasticloadbalancing:ModifyListener'],
              resources: testListeners,
            }),
          ]
        : []),
      // Resource "*": ELBv2 Describe* actions do not support resource-level permissions.
      new iam.PolicyStatement({ actions: ['elasticloadbalancing:DescribeListeners'], resources: ['*'] }),
    ];
  },
  'target-health': () => [
    // Resource "*": ELBv2 Describe* actions do not support resource-level permissions.
    new iam.PolicyStatement({ actions: ['elasticloadbalancing:DescribeTargetHealth'], resources: ['*'] }),
  ],
  'compute-read': (scope) => [
    new iam.PolicyStatement({
      actions: ['ecs:DescribeServices'],
      resources: bindings(scope).flatMap((b) => [
        ecsServiceArn(scope.stack, b.compute.cluster, b.compute.blue),
        ecsServiceArn(scope.stack, b.compute.cluster, b.compute.green),
      ]),
    }),
    // Resource "*": ecs:DescribeTaskDefinition does not support resource-level permissions.
    new iam.PolicyStatement({ actions: ['ecs:DescribeTaskDefinition'], resources: ['*'] }),
  ],
  'compute-deploy': (scope) => [
    new iam.PolicyStatement({
      actions: ['ecs:UpdateService'],
      resources: bindings(scope).flatMap((b) => [
        ecsServiceArn(scope.stack, b.compute.cluster, b.compute.blue),
        ecsServiceArn(scope.stack, b.compute.cluster, b.compute.green),
      ]),
    }),
    // Resource "*": ecs:RegisterTaskDefinition does not support resource-level permissions.
    new iam.PolicyStatement({ actions: ['ecs:RegisterTaskDefinition'], resources: ['*'] }),
    // Tagging is allowed only as part of registering a task definition: of the services'
    // families when the config names them (aws.taskDefinitions), else of any.
    new iam.PolicyStatement({
      actions: ['ecs:TagResource'],
      resources: namesEveryTaskDefinition(scope)
        ? Object.values(scope.taskDefinitions).map((grant) =>
            scope.stack.formatArn({
              service: 'ecs',
              resource: 'task-definition',
              resourceName: `${grant.family}:*`,
            }),
          )
        : [scope.stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: '*' })],
      conditions: { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } },
    }),
    // The new revision keeps the task and execution roles of the current one; ECS needs
    // PassRole for them: those roles when the config names them, else any role, and only to ECS tasks.
    new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: namesEveryTaskDefinition(scope)
        ? [...new Set(Object.values(scope.taskDefinitions).flatMap((grant) => grant.roleArns))]
        : [scope.stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: '*' })],
      conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    }),
  ],
  'compute-scale': (scope) => [
    new iam.PolicyStatement({
      actions: ['ecs:UpdateService'],
      resources: bindings(scope).flatMap((b) => [
        ecsServiceArn(scope.stack, b.compute.cluster, b.compute.blue),
        ecsServiceArn(scope.stack, b.compute.cluster, b.compute.green),
      ]),
    }),
  ],
  // Resource "*": cloudwatch:GetMetricData does not support resource-level permissions.
  metrics: () => [new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] })],
  // Resource "*": PutMetricData has no resource-level permissions; the cloudwatch:namespace
  // condition key keeps the drill's report to its own namespace.
  'dr-metrics': () => [
    new iam.PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': drMetricNamespace } },
    }),
  ],
  alarms: (scope) => [
    new iam.PolicyStatement({
      actions: ['cloudwatch:DescribeAlarms'],
      resources: Object.keys(scope.services).map((service) =>
        scope.stack.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: `${alarmNamePrefix}${service}.${scope.environment}.*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ),
    }),
  ],
  snapshots: (scope) =>
    bindings(scope).flatMap((b) => {
      const cluster = b.database.kind === 'cluster';
      const database = rdsArn(scope.stack, b.database.id, b.database.kind);
      // Greenlight names its snapshots greenlight-<service>-<environment>-<deployment id>.
      const snapshots = rdsColonArn(scope.stack, cluster ? 'cluster-snapshot' : 'snapshot', 'greenlight-*');
      return [
        new iam.PolicyStatement({
          actions: cluster ? ['rds:CreateDBClusterSnapshot'] : ['rds:CreateDBSnapshot'],
          resources: [database, snapshots],
        }),
        new iam.PolicyStatement({ actions: ['rds:AddTagsToResource'], resources: [snapshots] }),
        new iam.PolicyStatement({
          actions: cluster ? ['rds:DescribeDBClusterSnapshots'] : ['rds:DescribeDBSnapshots'],
          resources: [database, snapshots],
        }),
      ];
    }),
  hooks: (scope) => {
    const arns = [
      ...new Set(
        bindings(scope).flatMap((b) =>
          [...b.hooks.beforeTraffic, ...b.hooks.afterStep].flatMap((hook) =>
            hook.lambda ? [hook.lambda] : [],
          ),
        ),
      ),
    ];
    return arns.length === 0
      ? []
      : [new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: arns })];
  },
  'snapshot-status': (scope) =>
    bindings(scope).map((b) => {
      const cluster = b.database.kind === 'cluster';
      return new iam.PolicyStatement({
        actions: cluster ? ['rds:DescribeDBClusterSnapshots'] : ['rds:DescribeDBSnapshots'],
        resources: [
          rdsArn(scope.stack, b.database.id, b.database.kind),
          rdsColonArn(scope.stack, cluster ? 'cluster-snapshot' : 'snapshot', 'greenlight-*'),
        ],
      });
    }),
  database: (scope) =>
    Object.values(scope.databaseSecrets).length === 0
      ? []
      : [
          new iam.PolicyStatement({
            actions: ['secretsmanager:GetSecretValue'],
            resources: Object.values(scope.databaseSecrets),
          }),
        ],
  'dr-database': (scope) => {
    // Drill instances are named gl-dr-<service>-<hash> (src/dr/temp-instance-id.ts).
    const temp = [rdsColonArn(scope.stack, 'db', 'gl-dr-*'), rdsColonArn(scope.stack, 'cluster', 'gl-dr-*')];
    return [
      new iam.PolicyStatement({
        actions: [
          'rds:RestoreDBInstanceFromDBSnapshot',
          'rds:RestoreDBClusterFromSnapshot',
          'rds:CreateDBInstance',
          'rds:AddTagsToResource',
          'rds:DescribeDBInstances',
          'rds:DescribeDBClusters',
          'rds:DeleteDBInstance',
          'rds:DeleteDBCluster',
        ],
        resources: temp,
      }),
      // Restoring reads only the snapshots a drill may restore (core/drillable-snapshots.ts: the
      // database's automated backups and Greenlight's own), and the new instance joins the
      // subnet group and option/parameter groups it is given.
      new iam.PolicyStatement({
        actions: [
          'rds:RestoreDBInstanceFromDBSnapshot',
          'rds:RestoreDBClusterFromSnapshot',
          'rds:DescribeDBSnapshots',
          'rds:DescribeDBClusterSnapshots',
        ],
        resources: [
          ...Object.entries(scope.services).flatMap(([service, b]) =>
            drillableSnapshotPatterns({
              databaseId: rdsIdentifier(b.database.id),
              kind: b.database.kind,
              service,
              environment: scope.environment,
            }).map((pattern) =>
              rdsColonArn(
                scope.stack,
                b.database.kind === 'cluster' ? 'cluster-snapshot' : 'snapshot',
                pattern,
              ),
            ),
          ),
          rdsColonArn(scope.stack, 'subgrp', '*'),
          rdsColonArn(scope.stack, 'og', '*'),
          rdsColonArn(scope.stack, 'pg', '*'),
          rdsColonArn(scope.stack, 'cluster-pg', '*'),
        ],
      }),
      // Listing a database's snapshots is authorised on the database itself.
      new iam.PolicyStatement({
        actions: ['rds:DescribeDBSnapshots', 'rds:DescribeDBClusterSnapshots'],
        resources: bindings(scope).map((b) => rdsArn(scope.stack, b.database.id, b.database.kind)),
      }),
      new iam.PolicyStatement({
        actions: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters'],
        resources: bindings(scope).map((b) => rdsArn(scope.stack, b.database.id, b.database.kind)),
      }),
    ];
  },
  'snapshot-restore': (scope) =>
    bindings(scope).flatMap((b) => {
      const cluster = b.database.kind === 'cluster';
      const id = rdsIdentifier(b.database.id);
      const kind = cluster ? 'cluster' : 'db';
      const patterns = restoreNamePatterns(id);
      const database = rdsArn(scope.stack, b.database.id, b.database.kind);
      const restored = rdsColonArn(scope.stack, kind, patterns.restored);
      const kept = rdsColonArn(scope.stack, kind, patterns.kept);
      // An Aurora copy's writer instance is <restored>-writer, inside the restored pattern.
      const restoredWriter = rdsColonArn(scope.stack, 'db', patterns.restored);
      return [
        new iam.PolicyStatement({
          actions: cluster
            ? ['rds:RestoreDBClusterFromSnapshot', 'rds:CreateDBInstance', 'rds:AddTagsToResource']
            : ['rds:RestoreDBInstanceFromDBSnapshot', 'rds:AddTagsToResource'],
          resources: cluster ? [restored, restoredWriter] : [restored],
        }),
        // The restore reads Greenlight's own snapshot and joins the source's groups.
        new iam.PolicyStatement({
          actions: cluster ? ['rds:RestoreDBClusterFromSnapshot'] : ['rds:RestoreDBInstanceFromDBSnapshot'],
          resources: [
            rdsColonArn(scope.stack, cluster ? 'cluster-snapshot' : 'snapshot', 'greenlight-*'),
            rdsColonArn(scope.stack, 'subgrp', '*'),
            rdsColonArn(scope.stack, 'og', '*'),
            rdsColonArn(scope.stack, cluster ? 'cluster-pg' : 'pg', '*'),
          ],
        }),
        ...(cluster
          ? [
              new iam.PolicyStatement({
                actions: ['rds:CreateDBInstance'],
                resources: [rdsColonArn(scope.stack, 'pg', '*'), rdsColonArn(scope.stack, 'subgrp', '*')],
              }),
            ]
          : []),
        // The rename-swap: the database to its kept name, the copy to the database's name.
        new iam.PolicyStatement({
          actions: cluster ? ['rds:ModifyDBCluster'] : ['rds:ModifyDBInstance'],
          resources: [database, restored, kept],
        }),
        new iam.PolicyStatement({
          actions: cluster
            ? ['rds:DescribeDBClusters', 'rds:DescribeDBInstances']
            : ['rds:DescribeDBInstances'],
          resources: cluster ? [database, restored, kept, restoredWriter] : [database, restored, kept],
        }),
        // The copy's writer copies the source cluster's writer, whose name is not in the config
        // (DescribeDBClusters names it at run time): read-only.
        ...(cluster
          ? [
              new iam.PolicyStatement({
                actions: ['rds:DescribeDBInstances'],
                resources: [rdsColonArn(scope.stack, 'db', '*')],
              }),
            ]
          : []),
      ];
    }),
  'snapshot-catalog': (scope) => [
    // The function lists every manual snapshot of the account and region (RDS cannot filter
    // a describe by tag) and keeps Greenlight's by their tags; describing is read-only.
    new iam.PolicyStatement({
      actions: ['rds:DescribeDBSnapshots', 'rds:DescribeDBClusterSnapshots'],
      resources: [
        rdsColonArn(scope.stack, 'snapshot', '*'),
        rdsColonArn(scope.stack, 'cluster-snapshot', '*'),
        rdsColonArn(scope.stack, 'db', '*'),
        rdsColonArn(scope.stack, 'cluster', '*'),
      ],
    }),
    // Deletion: only snapshots named greenlight-* (src/core/snapshot-id.ts) that
    // carry the greenlight:deployment tag the Backup step puts on them.
    new iam.PolicyStatement({
      actions: ['rds:DeleteDBSnapshot', 'rds:DeleteDBClusterSnapshot'],
      resources: [
        rdsColonArn(scope.stack, 'snapshot', 'greenlight-*'),
        rdsColonArn(scope.stack, 'cluster-snapshot', 'greenlight-*'),
      ],
      conditions: { StringLike: { 'aws:ResourceTag/greenlight:deployment': '*' } },
    }),
  ],
  callbacks: (scope) => [
    new iam.PolicyStatement({
      actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
      resources: [scope.deployStateMachineArn],
    }),
  ],
  heartbeat: (scope) => [
    new iam.PolicyStatement({
      actions: ['states:SendTaskHeartbeat'],
      resources: [scope.deployStateMachineArn],
    }),
  ],
};

/** Adds the IAM statements of one capability to `grantee`'s policy. */
export function grantCapability(grantee: iam.Role, capability: Capability, scope: GrantScope): void {
  if (capability === 'notify') {
    // Publish, plus use of the topics' KMS key (grantPublish adds both).
    for (const topic of scope.topics) topic.grantPublish(grantee);
    acknowledge(
      grantee,
      'Action::kms:GenerateDataKey*',
      "SNS needs kms:GenerateDataKey* on the topics' own key to publish encrypted messages",
    );
    return;
  }
  // `config` travels in the environment and `smoke` is plain HTTP: no IAM needed.
  // Bundled files and environment only: nothing for IAM to grant.
  if (capability === 'config' || capability === 'smoke' || capability === 'migration-files') return;
  for (const statement of statements[capability](scope)) {
    grantee.addToPrincipalPolicy(statement);
    acknowledgeWildcards(grantee, statement, wildcardReasons[capability] ?? 'see lib/capability-grants.ts');
  }
}
