import { ArnFormat, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { type AslFile, functionNameOf, placeholdersIn, substitutionsFor } from './asl-definition.ts';
import { acknowledge, acknowledgeInvokeVersions } from './nag-wildcards.ts';

export interface AslStateMachineProps {
  readonly asl: AslFile;
  readonly stateMachineName: string;
  /** Functions by step name; every `${<Name>FunctionArn}` in the file must be here. */
  readonly functions: ReadonlyMap<string, lambda.IFunction>;
  /** Values of the other placeholders. */
  readonly otherSubstitutions: Readonly<Record<string, string>>;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A Standard state machine from an ASL file. `DefinitionBody.fromFile` derives no IAM and
 * ignores a `timeout` prop (the ASL carries TimeoutSeconds), so the role is explicit: invoke
 * exactly the functions the file names. Logs at level ALL, X-Ray tracing on.
 */
export class AslStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** The state machine's ARN built from its name: usable in policies without a dependency cycle. */
  readonly stateMachineArn: string;

  constructor(scope: Construct, id: string, props: AslStateMachineProps) {
    super(scope, id);
    const invoked = placeholdersIn(props.asl.text)
      .map((placeholder) => [placeholder, functionNameOf(placeholder)] as const)
      .filter((entry): entry is readonly [string, string] => entry[1] !== null);
    const known: Record<string, string> = { ...props.otherSubstitutions };
    for (const [placeholder, name] of invoked) {
      const fn = props.functions.get(name);
      if (fn) known[placeholder] = fn.functionArn;
    }
    const definitionSubstitutions = substitutionsFor(props.asl.text, props.asl.path, known);

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description: `Greenlight state machine ${props.stateMachineName}`,
    });
    for (const [, name] of invoked) {
      const fn = props.functions.get(name);
      if (!fn) continue;
      fn.grantInvoke(this.role);
      acknowledgeInvokeVersions(this.role, fn.functionArn);
    }
    acknowledge(
      this.role,
      'Resource::*',
      'Step Functions log delivery (logs:*LogDelivery, DescribeLogGroups, ...) and X-Ray tracing do not support resource-level permissions',
    );

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${props.stateMachineName}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(props.asl.path),
      definitionSubstitutions,
      role: this.role,
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      removalPolicy: props.removalPolicy,
    });
    this.stateMachineArn = Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: props.stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}
