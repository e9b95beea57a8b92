import {
  ArnFormat,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { acknowledge, acknowledgeWildcards } from './nag-wildcards.ts';

export interface SampleAppStackProps extends StackProps {
  /**
   * The Greenlight environment whose deploy state machine the sample pipeline invokes.
   * @default 'dev'
   */
  readonly greenlightEnvironment?: string;
  /** @default 'public.ecr.aws/nginx/nginx:stable' */
  readonly image?: string;
}

/**
 * A small application to try Greenlight in an empty account: VPC, an ALB with a production
 * listener (80) and a test listener (8080), blue and green target groups, two ECS Fargate
 * services, RDS PostgreSQL, and a CodePipeline whose Deploy stage invokes Greenlight. The
 * outputs are the ARNs to paste into `config/greenlight.config.json`.
 */
export class SampleAppStack extends Stack {
  constructor(scope: Construct, id: string, props: SampleAppStackProps = {}) {
    super(scope, id, props);
    const environment = props.greenlightEnvironment ?? 'dev';
    const image = props.image ?? 'public.ecr.aws/nginx/nginx:stable';

    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
      flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } },
    });
    const logBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
      lifecycleRules: [{ expiration: Duration.days(30) }],
    });
    Validations.of(logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is the access-log destination itself; logging it into itself would loop',
    });

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    // ELB access logging needs the region at synth time (the log-delivery account differs per region).
    if (Token.isUnresolved(this.region)) {
      Validations.of(alb).acknowledge({
        id: 'AwsSolutions-ELB2',
        reason:
          'Environment-agnostic synth: set the stack region (env) and the sample enables ALB access logs',
      });
    } else {
      alb.logAccessLogs(logBucket, 'alb');
    }
    const targetGroup = (colour: string) =>
      new elbv2.ApplicationTargetGroup(this, `${colour}TargetGroup`, {
        vpc,
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        targetType: elbv2.TargetType.IP,
        healthCheck: { path: '/', healthyThresholdCount: 2, interval: Duration.seconds(10) },
        deregistrationDelay: Duration.seconds(30),
      });
    const blue = targetGroup('Blue');
    const green = targetGroup('Green');
    // Production: all traffic on blue until Greenlight shifts it. Test: green to start with;
    // DeployGreen points it at whichever colour it deploys.
    const production = alb.addListener('Production', {
      port: 80,
      defaultAction: elbv2.ListenerAction.weightedForward([
        { targetGroup: blue, weight: 100 },
        { targetGroup: green, weight: 0 },
      ]),
    });
    const test = alb.addListener('Test', {
      port: 8080,
      defaultAction: elbv2.ListenerAction.forward([green]),
    });
    for (const id of ['AwsSolutions-EC23', 'AwsSolutions-ELB1']) {
      Validations.of(alb).acknowledge({
        id,
        reason:
          'Sample public web app: the load balancer takes HTTP from the internet; use HTTPS with your own certificate in production',
      });
    }

    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    const service = (colour: 'Blue' | 'Green', tg: elbv2.ApplicationTargetGroup) => {
      const task = new ecs.FargateTaskDefinition(this, `${colour}Task`, {
        cpu: 256,
        memoryLimitMiB: 512,
        runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64 },
      });
      task.addContainer('app', {
        image: ecs.ContainerImage.fromRegistry(image),
        portMappings: [{ containerPort: 80 }],
        logging: ecs.LogDrivers.awsLogs({ streamPrefix: `shop-${colour.toLowerCase()}` }),
      });
      const fargate = new ecs.FargateService(this, `${colour}Service`, {
        cluster,
        taskDefinition: task,
        desiredCount: colour === 'Blue' ? 2 : 0,
        circuitBreaker: { enable: true, rollback: false },
        minHealthyPercent: 100,
      });
      fargate.attachToApplicationTargetGroup(tg);
      return fargate;
    };
    const blueService = service('Blue', blue);
    const greenService = service('Green', green);

    const database = new rds.DatabaseInstance(this, 'Database', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_13 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncrypted: true,
      backupRetention: Duration.days(7),
      iamAuthentication: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      deletionProtection: false,
    });
    database.connections.allowDefaultPortFrom(blueService);
    database.connections.allowDefaultPortFrom(greenService);
    for (const [id, reason] of [
      ['AwsSolutions-RDS3', 'Sample database: single-AZ keeps the cost of a trial low'],
      ['AwsSolutions-RDS10', 'Sample database: deletion protection off so the sample can be removed'],
      ['AwsSolutions-RDS11', 'Sample database: the default port is reachable only from the app services'],
      [
        'AwsSolutions-SMG4',
        'Sample database: secret rotation is left to the user (add a rotation schedule for real use)',
      ],
    ] as const) {
      Validations.of(database).acknowledge({ id, reason });
    }

    this.samplePipeline(environment, image);

    const outputs: Record<string, string> = {
      Listener: production.listenerArn,
      TestListenerUrl: `http://${alb.loadBalancerDnsName}:8080`,
      TestListener: test.listenerArn, // the binding's testListenerArn
      BlueTargetGroup: blue.targetGroupArn,
      GreenTargetGroup: green.targetGroupArn,
      Cluster: cluster.clusterArn,
      BlueService: blueService.serviceArn,
      GreenService: greenService.serviceArn,
      Database: database.instanceIdentifier,
    };
    for (const [name, value] of Object.entries(outputs))
      new CfnOutput(this, `${name}Output`, { key: name, value });
  }

  /** Source (S3) → Deploy (Step Functions invoke action on Greenlight's deploy state machine). */
  private samplePipeline(environment: string, image: string): void {
    const sourceBucket = new s3.Bucket(this, 'ReleaseSource', {
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    Validations.of(sourceBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'Sample release bucket holding one zip; CloudTrail data events cover access if needed',
    });
    const source = new codepipeline.Artifact('release');
    const pipeline = new codepipeline.Pipeline(this, 'Pipeline', {
      pipelineType: codepipeline.PipelineType.V2,
      restartExecutionOnUpdate: false,
      enableKeyRotation: true,
    });
    Validations.of(pipeline).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'The pipeline artifact bucket is managed by CodePipeline; artifacts are short-lived',
    });
    const pipelineReason =
      'CodePipeline grants its roles object-level access (bucket/*) and key use on its own artifact bucket and the release bucket';
    for (const action of [
      's3:GetObject*',
      's3:GetBucket*',
      's3:List*',
      's3:DeleteObject*',
      's3:Abort*',
      'kms:ReEncrypt*',
      'kms:GenerateDataKey*',
    ]) {
      acknowledge(pipeline, `Action::${action}`, pipelineReason);
    }
    acknowledgeWildcards(
      pipeline,
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [`${pipeline.artifactBucket.bucketArn}/*`],
      }),
      pipelineReason,
    );
    const release = new actions.S3SourceAction({
      actionName: 'Release',
      bucket: sourceBucket,
      bucketKey: 'release.zip',
      output: source,
      variablesNamespace: 'Release',
    });
    pipeline.addStage({ stageName: 'Source', actions: [release] });
    const deployStateMachine = sfn.StateMachine.fromStateMachineName(
      this,
      'GreenlightDeploy',
      `greenlight-${environment}-deploy`,
    );
    // The action may describe the executions it starts (execution:<machine>:<prefix>*).
    acknowledgeWildcards(
      pipeline,
      new iam.PolicyStatement({
        actions: ['states:DescribeExecution'],
        resources: [
          this.formatArn({
            service: 'states',
            resource: 'execution',
            resourceName: `greenlight-${environment}-deploy:shop*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
      'The invoke action reads only the executions it started (execution name prefix shop)',
    );
    pipeline.addStage({
      stageName: 'Deploy',
      actions: [
        new actions.StepFunctionInvokeAction({
          actionName: 'Greenlight',
          stateMachine: deployStateMachine,
          // CodePipeline names each execution `shop-<a fresh id>`, a retry included, and the
          // execution name is the deployment id: every run, and every retry, is a deployment of its
          // own (the lock keeps two from running at once). CodePipeline fills in the variables of
          // the input (#{...}) when the action runs: the pipeline execution and the release's S3
          // version say, in every record and notification, which run deployed what. This sample
          // deploys one image; a real pipeline writes the request in its build stage and passes
          // it with StateMachineInput.filePath.
          executionNamePrefix: 'shop',
          stateMachineInput: actions.StateMachineInput.literal({
            service: 'shop',
            environment,
            version: '1.0.0',
            image,
            releaseType: 'minor',
            changeRequestId: 'CHG-1',
            requestedBy: `codepipeline:sample execution #{codepipeline.PipelineExecutionId} (release.zip version ${release.variables.versionId})`,
          }),
        }),
      ],
    });
  }
}
