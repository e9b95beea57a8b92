import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from './nag-wildcards.ts';

/** The newest Node.js runtime this aws-cdk-lib knows (nodejs24.x), ESM on arm64. */
export const lambdaRuntime = lambda.Runtime.NODEJS_24_X;

/**
 * Packages replaced in the Lambda bundles when the SDK is bundled: Lambda's credentials are its
 * environment variables, so the SDK's default credential chain (and the STS and SSO clients it
 * brings, about 120 KB a bundle) gives way to `fromEnv` (src/adapters/aws/lambda-credentials.ts).
 * bench/lambda-bundles.ts bundles with the same aliases.
 */
export function lambdaBundleAliases(projectRoot: string, bundleAwsSdk: boolean): Record<string, string> {
  return bundleAwsSdk
    ? { '@aws-sdk/credential-provider-node': join(projectRoot, 'src/adapters/aws/lambda-credentials.ts') }
    : {};
}

/**
 * esbuild settings shared by every function: local esbuild (no Docker), ESM, minified.
 * `bundleAwsSdk` decides whether the SDK v3 is bundled or left to the runtime; see
 * bench/lambda-bundles.ts for the measurements behind the default.
 */
export function bundlingOptions(
  projectRoot: string,
  bundleAwsSdk: boolean,
  copyIntoBundle: readonly string[] = [],
) {
  return {
    // Folders (e.g. SQL migrations) the function reads at run time, at the same relative path.
    ...(copyIntoBundle.length > 0 && {
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (inputDir: string, outputDir: string) =>
          copyIntoBundle.map(
            (dir) =>
              `mkdir -p "${join(outputDir, dir, '..')}" && cp -R "${join(inputDir, dir)}" "${join(outputDir, dir)}"`,
          ),
      },
    }),
    forceDockerBundling: false,
    format: OutputFormat.ESM,
    minify: true,
    sourceMap: false,
    target: 'node24',
    mainFields: ['module', 'main'],
    externalModules: bundleAwsSdk ? [] : ['@aws-sdk/*', '@smithy/*'],
    esbuildArgs: Object.fromEntries(
      Object.entries(lambdaBundleAliases(projectRoot, bundleAwsSdk)).map(([from, to]) => [
        `--alias:${from}`,
        to,
      ]),
    ),
    tsconfig: join(projectRoot, 'tsconfig.json'),
    // A few dependencies still call require(); give ESM bundles one.
    banner:
      "import{createRequire as __greenlightRequire}from'module';const require=__greenlightRequire(import.meta.url);",
  };
}

export interface StepFunctionProps {
  /** `functions/<name>`, or a custom entry for non-step functions. */
  readonly name: string;
  /** Absolute path of the entry file. */
  readonly entry: string;
  readonly projectRoot: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeout: Duration;
  readonly memorySizeMb: number;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly bundleAwsSdk: boolean;
  /** Repository folders copied into the bundle (read at run time, relative to LAMBDA_TASK_ROOT). */
  readonly copyIntoBundle?: readonly string[];
  /** Places the function in a VPC (smoke tests against an internal ALB, migrations against RDS). */
  readonly vpc?: {
    readonly vpc: ec2.IVpc;
    readonly subnets?: ec2.SubnetSelection;
    readonly securityGroups?: ec2.ISecurityGroup[];
  };
}

/**
 * One Lambda function: its own role (no managed policies: the log group grant is explicit),
 * its own log group with retention, X-Ray active tracing.
 */
export class StepFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: StepFunctionProps) {
    super(scope, id);
    if (!existsSync(props.entry)) {
      throw new Error(
        `the Lambda entry ${relative(props.projectRoot, props.entry)} of step "${props.name}" does not exist; create it (exporting \`handler\`) before synthesising`,
      );
    }
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Greenlight ${props.name} step`,
    });
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
      runtime: lambdaRuntime,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySizeMb,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      description: `Greenlight step: ${props.name}`,
      environment: { POWERTOOLS_SERVICE_NAME: 'greenlight', ...props.environment },
      bundling: bundlingOptions(props.projectRoot, props.bundleAwsSdk, props.copyIntoBundle),
      ...(props.vpc && {
        vpc: props.vpc.vpc,
        vpcSubnets: props.vpc.subnets,
        securityGroups: props.vpc.securityGroups,
      }),
    });
    // Written explicitly (instead of AWSLambdaBasicExecutionRole) so the grant names this log group.
    this.logGroup.grantWrite(this.role);
    acknowledge(
      this.role,
      'Resource::*',
      'X-Ray active tracing needs xray:PutTraceSegments/PutTelemetryRecords, which do not support resource-level permissions',
    );
    if (props.vpc) {
      // Lambda attaches AWSLambdaVPCAccessExecutionRole itself for functions in a VPC.
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason:
          'The AWS-managed policy that lets Lambda create the ENIs of a function in a VPC; it grants nothing else',
      });
    }
  }
}

/** Lambda timeout: a little under the shortest ASL TimeoutSeconds of its Tasks, so Lambda's own timeout names the cause. */
export function lambdaTimeoutFor(taskTimeoutSeconds: number | undefined): Duration {
  if (taskTimeoutSeconds === undefined) return Duration.seconds(30);
  return Duration.seconds(Math.max(3, Math.min(900, taskTimeoutSeconds - 5)));
}
