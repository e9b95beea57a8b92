import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { encodeConfig } from '../src/adapters/aws/config-codec.ts';
import { linkKeyIamActions } from '../src/adapters/aws/secrets-key.ts';
import { envNames } from '../src/adapters/aws/stack-env.ts';
import { greenlightSnapshotPrefix } from '../src/core/drillable-snapshots.ts';
import { drEnvNames } from '../src/dr/aws-dr-ports.ts';
import type { Severity } from '../src/ports/notifier.ts';
import type { EnvironmentConfig } from '../src/schema/config.ts';
import { defaultFunctionMemoryMb } from '../src/workflow/function-defaults.ts';
import { scheduledFunctions } from '../src/workflow/scheduled-functions.ts';
import { stepFunctionNames } from '../src/workflow/step-functions.ts';
import { functionNameOf, placeholdersIn, readAslFile, taskTimeoutsByFunction } from './asl-definition.ts';
import { AslStateMachine } from './asl-state-machine.ts';
import { grantCapability, type TaskDefinitionGrant } from './capability-grants.ts';
import type { DrSchedule } from './config-schema.ts';
import { DrSchedules } from './dr-schedules.ts';
import { FunctionSchedule } from './function-schedule.ts';
import { GreenlightDashboard } from './greenlight-dashboard.ts';
import { GreenlightEvents } from './greenlight-events.ts';
import { ReminderAlarms } from './reminder-alarms.ts';
import { SnapshotRetentionSchedule } from './snapshot-retention-schedule.ts';
import { capabilitiesOf } from './step-capabilities.ts';
import { lambdaTimeoutFor, StepFunction } from './step-function-factory.ts';
import { TargetGroupAlarms } from './target-group-alarms.ts';

const defaultProjectRoot = fileURLToPath(new URL('..', import.meta.url));
/** Lambda allows 4 KB of environment variables per function; leave room for the others. */
const maxEncodedConfigBytes = 3000;
/** Concurrent executions the public approval link endpoint may use, at most. */
export const approvalLinkConcurrency = 5;
/** The operators' approval API (IAM auth): a handful of people, capped like the link endpoint. */
export const approvalApiConcurrency = 5;
/**
 * Kept for the alarm relay whatever else runs in the account: an alarm must reach its bake
 * even while a flood of other invocations takes the account's unreserved concurrency.
 */
export const alarmRelayConcurrency = 10;
/**
 * The wait relay's: a burst of RDS and ECS events (a whole fleet redeploying) can neither take the
 * account's concurrency from the rollback path nor be starved by it. Each run settles every
 * waiting deployment it concerns, so a few at a time suffice.
 */
export const waitRelayConcurrency = 5;

export interface GreenlightProps {
  /** The validated environment config (policy, thresholds, service bindings with ARNs). */
  readonly config: EnvironmentConfig;
  /**
   * Email addresses subscribed to each severity topic.
   * @default - no subscriptions (add your own to `topics`)
   */
  readonly notificationEmails?: Readonly<Partial<Record<Severity, readonly string[]>>>;
  /**
   * Email addresses (or a paging service's email integration) subscribed to the pager topic,
   * which takes critical notifications the critical topic refused.
   * @default - no subscriptions (add your own to `pagerTopic`)
   */
  readonly pagerEmails?: readonly string[];
  /**
   * Disaster-recovery drill schedules. Used only when `statemachines/dr-test.asl.json` exists.
   * @default - no drills
   */
  readonly drSchedule?: DrSchedule;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the table, topics' key and logs when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /** @default 512 */
  readonly functionMemorySizeMb?: number;
  /**
   * Bundle the AWS SDK v3 into each function instead of using the runtime's copy.
   * @default true (see bench/lambda-bundles.ts and docs/aws.md for the measurements)
   */
  readonly bundleAwsSdk?: boolean;
  /**
   * VPC for the verify-green function, when the test listener is on an internal ALB.
   * @default - outside any VPC
   */
  readonly smokeTestVpc?: { readonly vpc: ec2.IVpc; readonly subnets?: ec2.SubnetSelection };
  /**
   * The RDS secret (host, port, username, password, dbname) of each service's database, for
   * SQL migrations in the Migrate and Rollback steps.
   * @default - migrations disabled: a request with `migrations` fails in Migrate with a ConfigError
   */
  readonly databaseSecrets?: Readonly<Record<string, string>>;
  /**
   * Per service, the task definition family and the roles its revisions use: DeployGreen may
   * then pass only those roles and tag only that family.
   * @default - any role (to ECS tasks only) and any task definition (when registering only)
   */
  readonly taskDefinitions?: Readonly<Record<string, TaskDefinitionGrant>>;
  /**
   * VPC placement of the Migrate and Rollback functions, so they reach the database (and Secrets
   * Manager, through a NAT gateway or an interface endpoint).
   * @default - outside any VPC
   */
  readonly databaseVpc?: {
    readonly vpc: ec2.IVpc;
    readonly subnets?: ec2.SubnetSelection;
    readonly securityGroups?: ec2.ISecurityGroup[];
  };
  /**
   * Repository folders of SQL migrations, copied into the Migrate and Rollback bundles at the
   * same relative path; a request's `migrations.location` names one of them.
   * @default - none
   */
  readonly migrationsDirs?: readonly string[];
  /** @default - audit events are kept forever */
  readonly auditRetentionDays?: number;
  /**
   * Repository root holding `functions/`, `statemachines/`, `tsconfig.json`, `package-lock.json`.
   * @default - the folder above `lib/`
   */
  readonly projectRoot?: string;
}

/**
 * Greenlight for one environment: the deploy state machine and its Lambda steps, state table,
 * severity topics, the request bus, alarms on both colours with their relay, the approval
 * endpoint, DR drill schedules and a dashboard.
 */
export class Greenlight extends Construct {
  readonly table: dynamodb.Table;
  readonly topics: Readonly<Record<Severity, sns.Topic>>;
  /** Where critical notifications go when the critical topic refuses them. */
  readonly pagerTopic: sns.Topic;
  readonly eventBus: events.EventBus;
  readonly deployStateMachine: sfn.StateMachine;
  readonly functions: ReadonlyMap<string, lambda.IFunction>;
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** The operators' approval endpoint (AWS_IAM). */
  readonly approvalUrl: lambda.FunctionUrl;
  /** The signed-link endpoint the approval emails point at (auth NONE, HMAC links), when present. */
  readonly approvalLinkUrl?: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: GreenlightProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { config } = props;
    const environment = config.environment;
    const root = props.projectRoot ?? defaultProjectRoot;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? 90;
    for (const [service, binding] of Object.entries(config.services)) {
      for (const phase of ['beforeTraffic', 'afterStep'] as const) {
        const command = binding.hooks[phase].find((hook) => hook.command !== undefined);
        if (command) {
          throw new Error(
            `services.${service}.hooks.${phase}: hook "${command.name}" is a command, which runs only in the local world; on AWS give it lambda: <a function ARN>`,
          );
        }
      }
    }
    const encodedConfig = encodeConfig(config);
    if (Buffer.byteLength(encodedConfig) > maxEncodedConfigBytes) {
      throw new Error(
        `the config of ${environment} is ${Buffer.byteLength(encodedConfig)} bytes gzipped in base64; Lambda environment variables allow about ${maxEncodedConfigBytes}. Split services into more environments or shorten the config`,
      );
    }
    const deployAsl = readAslFile(join(root, 'statemachines', 'deploy.asl.json'));
    if (!deployAsl) throw new Error(`statemachines/deploy.asl.json is missing under ${root}`);
    const drAsl = readAslFile(join(root, 'statemachines', 'dr-test.asl.json'));
    const deployStateMachineName = `greenlight-${environment}-deploy`;

    // ---- state, notifications, bus ----------------------------------------------------
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: 'expiresAt',
      removalPolicy,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: 'byKind',
      partitionKey: { name: 'kind', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'startedAtMs', type: dynamodb.AttributeType.NUMBER },
    });
    const topicKey = new kms.Key(this, 'TopicKey', {
      description: `Greenlight ${environment} notification topics`,
      enableKeyRotation: true,
      removalPolicy,
    });
    const topic = (severity: Severity) => {
      const created = new sns.Topic(this, `${severity[0]?.toUpperCase()}${severity.slice(1)}Topic`, {
        topicName: `greenlight-${environment}-${severity}`,
        displayName: `Greenlight ${environment} ${severity}`,
        masterKey: topicKey,
        enforceSSL: true,
      });
      for (const email of props.notificationEmails?.[severity] ?? []) {
        created.addSubscription(new subscriptions.EmailSubscription(email));
      }
      return created;
    };
    this.topics = { info: topic('info'), warning: topic('warning'), critical: topic('critical') };
    // The critical path's last resort: critical notifications the critical topic refuses
    // (src/notifications/pager-fallback.ts). Subscribe the paging service here.
    this.pagerTopic = new sns.Topic(this, 'PagerTopic', {
      topicName: `greenlight-${environment}-pager`,
      displayName: `Greenlight ${environment} pager (fallback)`,
      masterKey: topicKey,
      enforceSSL: true,
    });
    for (const email of props.pagerEmails ?? []) {
      this.pagerTopic.addSubscription(new subscriptions.EmailSubscription(email));
    }

    // ---- functions ----------------------------------------------------------------------
    const timeouts = new Map([
      ...taskTimeoutsByFunction(deployAsl.definition),
      ...(drAsl ? taskTimeoutsByFunction(drAsl.definition) : []),
    ]);
    const aslFunctionNames = [deployAsl, drAsl].flatMap((asl) =>
      asl ? placeholdersIn(asl.text).flatMap((p) => functionNameOf(p) ?? []) : [],
    );
    const names = [...new Set([...stepFunctionNames, ...aslFunctionNames])];
    const commonEnvironment = {
      [envNames.environment]: environment,
      [envNames.tableName]: this.table.tableName,
      [envNames.topicInfo]: this.topics.info.topicArn,
      [envNames.topicWarning]: this.topics.warning.topicArn,
      [envNames.topicCritical]: this.topics.critical.topicArn,
      [envNames.topicPager]: this.pagerTopic.topicArn,
      [envNames.serviceTargetGroups]: JSON.stringify(
        Object.fromEntries(Object.entries(config.services).map(([name, b]) => [name, b.targetGroups.blue])),
      ),
      ...(props.auditRetentionDays && { [envNames.auditRetentionDays]: String(props.auditRetentionDays) }),
    };
    const grantScope = {
      stack,
      environment,
      services: config.services,
      table: this.table,
      tableIndexNames: ['byKind'],
      topics: [...Object.values(this.topics), this.pagerTopic],
      databaseSecrets: props.databaseSecrets ?? {},
      taskDefinitions: props.taskDefinitions ?? {},
      deployStateMachineArn: stack.formatArn({
        service: 'states',
        resource: 'stateMachine',
        resourceName: deployStateMachineName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    };
    const makeFunction = (name: string, entry: string, timeout: Duration) => {
      const capabilities = capabilitiesOf(name);
      const step = new StepFunction(this, `${pascalCase(name)}Step`, {
        name,
        entry,
        projectRoot: root,
        timeout,
        memorySizeMb: props.functionMemorySizeMb ?? defaultFunctionMemoryMb,
        logRetention,
        removalPolicy,
        bundleAwsSdk: props.bundleAwsSdk ?? true,
        environment: {
          ...commonEnvironment,
          ...(capabilities.includes('config') && { [envNames.config]: encodedConfig }),
          ...(readsMigrations(capabilities) &&
            props.databaseSecrets && { [envNames.databaseSecrets]: JSON.stringify(props.databaseSecrets) }),
        },
        ...(readsMigrations(capabilities) && { copyIntoBundle: props.migrationsDirs ?? [] }),
        ...(capabilities.includes('smoke') && props.smokeTestVpc && { vpc: props.smokeTestVpc }),
        ...(capabilities.includes('database') && props.databaseVpc && { vpc: props.databaseVpc }),
      });
      for (const capability of capabilities) grantCapability(step.role, capability, grantScope);
      return step.function;
    };
    const functions = new Map<string, NodejsFunction>(
      names.map((name) => [
        name,
        makeFunction(name, join(root, 'functions', name, 'index.ts'), lambdaTimeoutFor(timeouts.get(name))),
      ]),
    );
    this.functions = functions;

    // ---- workflows ----------------------------------------------------------------------
    const otherSubstitutions = {
      TableName: this.table.tableName,
      EventBusName: `greenlight-${environment}`,
      InfoTopicArn: this.topics.info.topicArn,
      WarningTopicArn: this.topics.warning.topicArn,
      CriticalTopicArn: this.topics.critical.topicArn,
      PagerTopicArn: this.pagerTopic.topicArn,
      Environment: environment,
    };
    const deploy = new AslStateMachine(this, 'Deploy', {
      asl: deployAsl,
      stateMachineName: deployStateMachineName,
      functions,
      otherSubstitutions,
      logRetention,
      removalPolicy,
    });
    this.deployStateMachine = deploy.stateMachine;
    if (drAsl && props.drSchedule) {
      const drTest = new AslStateMachine(this, 'DrTest', {
        asl: drAsl,
        stateMachineName: `greenlight-${environment}-dr-test`,
        functions,
        otherSubstitutions,
        logRetention,
        removalPolicy,
      });
      // The drill's temporary instance: its own security group, never public (src/dr/aws-dr-ports.ts reads these).
      for (const [name, fn] of functions) {
        if (!name.startsWith('dr-')) continue;
        fn.addEnvironment(drEnvNames.securityGroupId, props.drSchedule.securityGroupId);
        if (props.drSchedule.subnetGroupName)
          fn.addEnvironment(drEnvNames.subnetGroupName, props.drSchedule.subnetGroupName);
        if (props.drSchedule.instanceClass)
          fn.addEnvironment(drEnvNames.instanceClass, props.drSchedule.instanceClass);
      }
      new DrSchedules(this, 'DrSchedules', {
        environment,
        schedule: props.drSchedule,
        services: Object.keys(config.services),
        stateMachine: drTest.stateMachine,
      });
    } else if (props.drSchedule) {
      Annotations.of(this).addInfo(
        'Greenlight: a DR schedule is configured but statemachines/dr-test.asl.json does not exist yet; no drill schedules were created',
      );
    }

    // Not in any ASL: invoked daily by its own schedule, so created (and listed) here.
    const retentionEntry = join(root, 'functions', 'snapshot-retention', 'index.ts');
    if (existsSync(retentionEntry)) {
      const retention = makeFunction('snapshot-retention', retentionEntry, Duration.minutes(5));
      functions.set('snapshot-retention', retention);
      new SnapshotRetentionSchedule(this, 'SnapshotRetention', { environment, function: retention });
    }
    // Nor are the scheduled functions: the approval reminder heartbeats waiting approval gates
    // (a gate whose heartbeat stops fails closed); the early verdict judges bakes every minute.
    for (const scheduled of scheduledFunctions) {
      const { name } = scheduled.step;
      const fn = makeFunction(name, join(root, 'functions', name, 'index.ts'), Duration.minutes(2));
      functions.set(name, fn);
      new FunctionSchedule(this, pascalCase(name), { environment, scheduled, function: fn });
    }
    const reminder = functions.get('approval-reminder') as NodejsFunction;
    new ReminderAlarms(this, 'ReminderAlarms', {
      environment,
      reminder,
      criticalTopic: this.topics.critical,
    });

    // ---- events: requests and alarms --------------------------------------------------
    const alarmRelay = functions.get('alarm-relay');
    if (!alarmRelay) throw new Error('the alarm-relay function is missing from stepFunctionNames');
    (alarmRelay.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = alarmRelayConcurrency;
    const reconcile = functions.get('reconcile');
    if (!reconcile) throw new Error('the reconcile function is missing from stepFunctionNames');
    const waitRelay = functions.get('wait-relay');
    if (!waitRelay) throw new Error('the wait-relay function is missing from scheduledFunctions');
    (waitRelay.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = waitRelayConcurrency;
    this.eventBus = new GreenlightEvents(this, 'Events', {
      environment,
      services: Object.keys(config.services),
      deployStateMachine: this.deployStateMachine,
      alarmRelay,
      reconcile,
      waitRelay,
      snapshotPrefixes: Object.entries(config.services).map(([service, binding]) =>
        greenlightSnapshotPrefix(service, environment, binding.database.kind),
      ),
      boundServices: Object.values(config.services).map((binding) => binding.compute),
      criticalTopic: this.topics.critical,
    }).bus;

    // ---- alarms, approvals, dashboard -------------------------------------------------
    this.alarms = Object.entries(config.services).flatMap(
      ([service, binding]) =>
        new TargetGroupAlarms(this, `Alarms-${service}`, {
          service,
          environment,
          binding,
          verify: config.verify,
          alarms: config.alarms,
        }).alarms,
    );
    // Operators' endpoint, AWS_IAM: the caller signs with their own credentials, so the audit
    // records a verified identity and IAM decides who may approve (grantApprove).
    const approvalApi = makeFunction(
      'approval-api',
      join(root, 'src', 'adapters', 'aws', 'approval-endpoint-handler.ts'),
      Duration.seconds(15),
    );
    (approvalApi.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions =
      approvalApiConcurrency;
    this.approvalUrl = approvalApi.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    // The signed email links (functions/approval-endpoint): auth NONE because an email link
    // cannot carry AWS credentials; the link's HMAC (key in Secrets Manager), its expiry and
    // its single-use nonce are the authentication.
    const linkEntry = join(root, 'functions', 'approval-endpoint', 'index.ts');
    if (existsSync(linkEntry)) {
      const linkKey = new secretsmanager.Secret(this, 'ApprovalLinkKey', {
        description: `Greenlight ${environment}: HMAC key of the signed approval links`,
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
        removalPolicy,
      });
      Validations.of(linkKey).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'An HMAC signing key, not a credential: rotating it invalidates the links in flight, so it is rotated by hand with GREENLIGHT_APPROVAL_KEY_PREVIOUS as the overlap',
      });
      const linkEndpoint = makeFunction('approval-endpoint', linkEntry, Duration.seconds(15));
      this.approvalLinkUrl = linkEndpoint.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
      // A public URL: a flood of requests must never take the account's concurrency from the
      // rollback path (alarm relay, rollback, reconcile). Approvers click a handful of links.
      (linkEndpoint.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions =
        approvalLinkConcurrency;
      const approvalStep = functions.get('approval');
      // The reminder signs fresh links too, exactly as the approval step does.
      for (const fn of [linkEndpoint, approvalStep, reminder]) {
        if (!fn) continue;
        fn.addEnvironment('GREENLIGHT_APPROVAL_KEY_SECRET_ID', linkKey.secretArn);
        // What src/adapters/aws/secrets-key.ts calls, and no more (grantRead adds DescribeSecret).
        fn.addToRolePolicy(
          new iam.PolicyStatement({ actions: [...linkKeyIamActions], resources: [linkKey.secretArn] }),
        );
      }
      approvalStep?.addEnvironment('GREENLIGHT_APPROVAL_URL', this.approvalLinkUrl.url);
      reminder.addEnvironment('GREENLIGHT_APPROVAL_URL', this.approvalLinkUrl.url);
    }
    new GreenlightDashboard(this, 'Dashboard', {
      environment,
      services: config.services,
      alarms: this.alarms,
      deployStateMachine: this.deployStateMachine,
    });
  }

  /** Lets a pipeline or operator start deployments (StartExecution) and put `Deployment Requested` events. */
  grantStartDeployment(grantee: iam.IGrantable): iam.Grant {
    this.eventBus.grantPutEventsTo(grantee);
    return this.deployStateMachine.grantStartExecution(grantee);
  }

  /** Lets an approver call the approval endpoint (POST a decision). */
  grantApprove(grantee: iam.IGrantable): iam.Grant {
    return this.approvalUrl.grantInvokeUrl(grantee);
  }

  /** Lets an operator read deployment records, the audit trail and executions. */
  grantReadState(grantee: iam.IGrantable): iam.Grant {
    this.deployStateMachine.grantRead(grantee);
    return this.table.grantReadData(grantee);
  }

  /** Lets an operator stop a running deployment. */
  grantStopDeployment(grantee: iam.IGrantable): iam.Grant {
    return this.deployStateMachine.grantExecution(grantee, 'states:StopExecution');
  }
}

/** `approval-reminder` → `ApprovalReminder`: construct ids of a function, stable across versions. */
const pascalCase = (name: string): string =>
  name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

/** Steps that read the migration folders: those that run SQL, and Preflight, which checks a request's location. */
const readsMigrations = (capabilities: readonly string[]): boolean =>
  capabilities.includes('database') || capabilities.includes('migration-files');
