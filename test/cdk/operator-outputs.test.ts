import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { GreenlightStack } from '../../lib/greenlight-stack.ts';
import { loadGreenlightConfig } from '../../lib/load-config.ts';
import { configPath, synthEnvironment } from './synth.ts';

describe('GreenlightStack outputs for the operator CLI', () => {
  it('prints the IAM approval API URL and the table name that approve/reject and history/show take', () => {
    const { template, stack } = synthEnvironment('production');
    const outputs = template.findOutputs('*');
    expect(outputs.ApprovalApiUrl?.Value).toEqual(stack.resolve(stack.greenlight.approvalUrl.url));
    expect(outputs.TableName?.Value).toEqual(stack.resolve(stack.greenlight.table.tableName));
    expect(outputs.ApprovalApiUrl?.Description).toMatch(/--approval-url/);
    expect(outputs.TableName?.Description).toMatch(/--table/);
  });

  it('grantApprove lets an approver call the function URL: InvokeFunctionUrl and InvokeFunction (via the URL only)', () => {
    // A stack of its own: the grant must be added before the first synth.
    const entry = loadGreenlightConfig(configPath).environments.production;
    if (!entry) throw new Error('no production environment in the config');
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new GreenlightStack(app, 'Greenlight-production', { entry });
    const approvers = new iam.Role(stack, 'Approvers', { assumedBy: new iam.AccountRootPrincipal() });
    stack.greenlight.grantApprove(approvers);
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>)
      .filter((s) => JSON.stringify(s).includes('ApprovalApi'));
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: 'lambda:InvokeFunctionUrl',
          Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
        }),
        expect.objectContaining({
          Action: 'lambda:InvokeFunction',
          Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': true } },
        }),
      ]),
    );
  });
});
