/**
 * How the operator CLI reaches Step Functions: AWS (region, profile) or the local endpoint of
 * `greenlight serve` (`--endpoint` or `GREENLIGHT_ENDPOINT`). The same calls work on both.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { InvalidRequestError } from '../errors.ts';

/** The deploy state machine of `greenlight serve`. */
export const localDeployStateMachineArn = 'arn:aws:states:local:000000000000:stateMachine:greenlight-deploy';

export interface ConnectionOptions {
  readonly endpoint?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly stateMachineArn?: string;
}

export interface SfnSession {
  readonly sfn: SFNClient;
  readonly stateMachineArn: string;
  readonly local: boolean;
}

/**
 * Opens a session. Against a local endpoint, dummy credentials and the local deploy machine
 * are the defaults; against AWS the state machine ARN must be given.
 * @throws InvalidRequestError when no state machine ARN can be determined, or the endpoint is not a URL.
 */
export function openSession(options: ConnectionOptions, env: NodeJS.ProcessEnv = process.env): SfnSession {
  const endpoint = options.endpoint ?? env.GREENLIGHT_ENDPOINT;
  if (endpoint) {
    try {
      new URL(endpoint);
    } catch {
      throw new InvalidRequestError(
        `--endpoint: expected a URL such as http://127.0.0.1:8083 (got "${endpoint}")`,
      );
    }
    const sfn = new SFNClient({
      endpoint,
      region: options.region ?? env.AWS_REGION ?? 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 2,
    });
    return { sfn, stateMachineArn: options.stateMachineArn ?? localDeployStateMachineArn, local: true };
  }
  const stateMachineArn = options.stateMachineArn ?? env.GREENLIGHT_STATE_MACHINE_ARN;
  if (!stateMachineArn) {
    throw new InvalidRequestError(
      'which deploy state machine? pass --state-machine-arn (or set GREENLIGHT_STATE_MACHINE_ARN), or --endpoint for greenlight serve',
    );
  }
  const sfn = new SFNClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
  });
  return { sfn, stateMachineArn, local: false };
}

/** The execution ARN of a deployment: the execution name is the deployment id. */
export function executionArnFor(stateMachineArn: string, deploymentId: string): string {
  if (deploymentId.startsWith('arn:')) return deploymentId;
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${deploymentId}`;
}
