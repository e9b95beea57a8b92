import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidRequestError } from '../../errors.ts';
import {
  actingIdentity,
  type CommonFlags,
  print,
  withConnectionOptions,
  withSession,
} from '../../operator/cli-support.ts';
import type { Attestation } from '../../schema/request.ts';
import { attestFlagUsage, collectAttestation } from '../attest-flag.ts';

interface DeployFlags extends CommonFlags {
  request?: string;
  service?: string;
  environment?: string;
  version?: string;
  image?: string;
  releaseType?: string;
  changeRequest?: string;
  requestedBy?: string;
  migrations?: string;
  deploymentId?: string;
  announcedAt?: string;
  attest?: Attestation[];
  wait?: boolean;
}

function requestFrom(flags: DeployFlags): Record<string, unknown> {
  if (flags.request) {
    try {
      return JSON.parse(readFileSync(flags.request, 'utf8'));
    } catch (error) {
      throw new InvalidRequestError(
        `--request: cannot read ${flags.request} as JSON: ${(error as Error).message}`,
      );
    }
  }
  return Object.fromEntries(
    Object.entries({
      service: flags.service,
      environment: flags.environment,
      version: flags.version,
      image: flags.image,
      releaseType: flags.releaseType,
      changeRequestId: flags.changeRequest,
      requestedBy: flags.requestedBy ?? actingIdentity(undefined),
      migrations: flags.migrations ? { location: flags.migrations } : undefined,
      deploymentId: flags.deploymentId,
      announcedAt: flags.announcedAt,
      attestations: flags.attest,
    }).filter(([, value]) => value !== undefined),
  );
}

/** `greenlight deploy`: validates the request and starts the deploy workflow (`--wait` to follow it to the end). */
export function registerDeployCommand(program: Command): void {
  const command = program
    .command('deploy')
    .description('start a deployment (the request is validated first); --wait follows it to the end')
    .option('--request <file>', 'the whole request as a JSON file')
    .option('--service <name>')
    .option('--environment <name>')
    .option('--version <semver>')
    .option('--image <ref>')
    .option('--release-type <type>', 'major | minor | patch | hotfix')
    .option('--change-request <id>', 'e.g. CHG-1042')
    .option('--requested-by <who>')
    .option('--migrations <location>')
    .option('--deployment-id <id>', 'idempotency key; becomes the execution name')
    .option('--announced-at <iso>', "when the release was announced, for the environment's advance notice")
    .option(
      `--attest ${attestFlagUsage}`,
      'a pre-deployment checklist item attested, such as tests-passing=qa:ci@example.com (repeatable)',
      collectAttestation,
    )
    .option('--wait', 'wait until the deployment ends; exit 1 unless it succeeded');
  withConnectionOptions(command).action(async (flags: DeployFlags) => {
    const { startDeployment } = await import('../../operator/deploy.ts');
    const result = await withSession(flags, (session) =>
      startDeployment(session, requestFrom(flags), { wait: flags.wait === true, nowMs: Date.now() }),
    );
    print(flags, result, () =>
      [
        `deployment ${result.deploymentId}: ${result.status}`,
        `  execution: ${result.executionArn}`,
        ...(result.error ? [`  ${result.error}: ${result.cause ?? ''}`] : []),
      ].join('\n'),
    );
    if (flags.wait && result.status !== 'SUCCEEDED') process.exitCode = 1;
  });
}
