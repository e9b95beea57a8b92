// biome-ignore-all lint/suspicious/noExplicitAny: tests read raw CloudFormation JSON
/**
 * The sample pipeline starts Greenlight with a request that passes the deployment request
 * schema once CodePipeline has filled in its variables, and that names the pipeline execution
 * and the release's S3 version (so every record says which run deployed what).
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SampleAppStack } from '../../lib/sample-app-stack.ts';
import { deploymentRequestSchema } from '../../src/schema/request.ts';

/** The Deploy action's Input, with CloudFormation's Refs and CodePipeline's variables as they would be at run time. */
function inputAtRunTime(input: unknown, variables: Readonly<Record<string, string>>): string {
  const text =
    typeof input === 'string'
      ? input
      : (input as any)['Fn::Join'][1]
          .map((part: unknown) => (typeof part === 'string' ? part : 'shop-pipeline'))
          .join('');
  return text.replace(/#\{([^}]+)\}/g, (_: string, name: string) => {
    const value = variables[name];
    if (value === undefined)
      throw new Error(`the input names a variable CodePipeline does not set: #{${name}}`);
    return value;
  });
}

describe('the sample pipeline', () => {
  const stack = new SampleAppStack(new App(), 'Sample', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  const pipeline = Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, any>).find(
    (resource) => resource.Type === 'AWS::CodePipeline::Pipeline',
  );
  const action = pipeline.Properties.Stages.find((stage: any) => stage.Name === 'Deploy').Actions[0];

  it('sends a valid request naming the pipeline execution and the release version', () => {
    // Act
    const request = JSON.parse(
      inputAtRunTime(action.Configuration.Input, {
        'codepipeline.PipelineExecutionId': 'a1b2c3d4-5678-90ab-cdef-111122223333',
        'Release.VersionId': '3HL4kqtJvjVBH40Nrjfkd',
      }),
    );

    // Assess
    expect(deploymentRequestSchema.safeParse(request).success).toBe(true);
    expect(request.requestedBy).toContain('a1b2c3d4-5678-90ab-cdef-111122223333');
    expect(request.requestedBy).toContain('3HL4kqtJvjVBH40Nrjfkd');
    expect(action.Configuration.ExecutionNamePrefix).toBe('shop');
  });
});
