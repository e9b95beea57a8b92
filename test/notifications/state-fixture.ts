import { environmentConfigSchema } from '../../src/schema/config.ts';
import { type DeployState, deployStateSchema } from '../../src/schema/deploy-state.ts';
import { deployRequest, stagingConfig } from '../support/fixtures.ts';

/** A deploy state at AwaitApproval: a major release needing one CAB approval. */
export function minimalState(): DeployState {
  const { services, ...config } = environmentConfigSchema.parse(
    stagingConfig({ approvals: { major: [{ role: 'cab', count: 1 }] } }),
  );
  const request = deployRequest({ releaseType: 'major', deploymentId: 'deploy-1' });
  const binding = Object.values(services)[0];
  return deployStateSchema.parse({
    request,
    deployment: {
      id: 'deploy-1',
      executionId: 'arn:aws:states:local:000000000000:execution:greenlight-deploy:deploy-1',
      service: request.service,
      environment: request.environment,
      version: request.version,
      image: request.image,
      liveColour: 'blue',
      targetColour: 'green',
      liveVersion: '1.0.0',
      startedAtMs: 0,
      lockKey: `${request.service}#${request.environment}`,
      desiredCount: 2,
    },
    config,
    binding,
    approval: { required: true, summary: '1× cab', timeoutSeconds: 86_400, onTimeout: 'reject' },
    traffic: {
      stepIndex: -1,
      stepsTotal: config.trafficPlan.length,
      weightPercent: 0,
      bakeSeconds: 60,
      isFinal: false,
      bakeStartedAtMs: 0,
      moved: false,
    },
  });
}
