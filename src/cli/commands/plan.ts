import type { Command } from 'commander';
import { InvalidRequestError } from '../../errors.ts';
import { parseNow } from '../../operator/cli-support.ts';
import { defaultConfigPath } from '../../operator/config-path.ts';
import { type Attestation, type ReleaseType, releaseTypes } from '../../schema/request.ts';
import { attestFlagUsage, collectAttestation } from '../attest-flag.ts';

interface PlanFlags {
  service: string;
  environment: string;
  version: string;
  releaseType: string;
  config?: string;
  preset?: string;
  now?: string;
  announcedAt?: string;
  attest?: Attestation[];
  json?: boolean;
}

/** `greenlight plan`: a dry run. Reads the config file only; changes nothing anywhere. */
export function registerPlanCommand(program: Command): void {
  program
    .command('plan')
    .description('dry run: the steps, approvals, window decision and estimated duration; changes nothing')
    .requiredOption('--service <name>')
    .requiredOption('--environment <name>')
    .requiredOption('--release-type <type>', releaseTypes.join(' | '))
    .option('--version <semver>', 'the version to deploy', '0.0.0')
    .option('--config <file>', `the Greenlight config file (default: ${defaultConfigPath})`)
    .option('--preset <name>', 'a seed preset instead of a config file (greenlight init --list-presets)')
    .option('--now <iso>', 'evaluate the window at this instant instead of now')
    .option('--announced-at <iso>', "when the release was announced, for the environment's advance notice")
    .option(
      `--attest ${attestFlagUsage}`,
      'a pre-deployment checklist item attested (repeatable), to see whether the checklist would pass',
      collectAttestation,
    )
    .option('--json', 'print JSON')
    .action(async (flags: PlanFlags) => {
      if (!releaseTypes.includes(flags.releaseType as ReleaseType)) {
        throw new InvalidRequestError(
          `--release-type: expected ${releaseTypes.join(', ')} (got "${flags.releaseType}")`,
        );
      }
      if (flags.announcedAt !== undefined && Number.isNaN(Date.parse(flags.announcedAt))) {
        throw new InvalidRequestError(
          `--announced-at: expected an ISO 8601 date-time such as 2026-01-08T10:00:00Z (got "${flags.announcedAt}")`,
        );
      }
      // The config schema and the policy load when a plan is asked for, not with the CLI.
      const { loadEnvironmentConfig } = await import('../../operator/load-environment.ts');
      const { formatPlan, planDeployment } = await import('../../operator/plan.ts');
      const config = loadEnvironmentConfig(flags.environment, {
        ...(flags.config === undefined ? {} : { config: flags.config }),
        ...(flags.preset === undefined ? {} : { preset: flags.preset }),
      });
      if (!config.services[flags.service]) {
        const known = Object.keys(config.services).join(', ') || 'none';
        throw new InvalidRequestError(
          `--service: "${flags.service}" is not configured in ${flags.environment} (configured: ${known})`,
        );
      }
      const plan = planDeployment(
        {
          service: flags.service,
          environment: flags.environment,
          version: flags.version,
          releaseType: flags.releaseType as ReleaseType,
          ...(flags.announcedAt === undefined ? {} : { announcedAt: flags.announcedAt }),
          ...(flags.attest === undefined ? {} : { attestations: flags.attest }),
        },
        config,
        parseNow(flags.now),
      );
      process.stdout.write(flags.json ? `${JSON.stringify(plan, null, 2)}\n` : `${formatPlan(plan)}\n`);
    });
}
