import { checklistProblems } from '../core/checklist.ts';
import { validateWindows } from '../core/deployment-window.ts';
import { leaseProblem } from '../core/lease.ts';
import { hookProblems } from '../core/lifecycle-hooks.ts';
import { successCriteriaProblems } from '../core/success-criteria.ts';
import { validateTrafficPlan } from '../core/traffic-plan.ts';
import { ConfigError, InvalidRequestError } from '../errors.ts';
import { type EnvironmentConfig, environmentConfigSchema } from './config.ts';
import { parseOrThrow } from './parse.ts';

/** Validates one environment's config, turning problems into a ConfigError that names each bad field. */
export function parseEnvironmentConfig(raw: unknown, source: string): EnvironmentConfig {
  let config: EnvironmentConfig;
  try {
    config = parseOrThrow(`the config of ${source}`, environmentConfigSchema, raw);
  } catch (error) {
    if (error instanceof InvalidRequestError) throw new ConfigError(error.message, { cause: error });
    throw error;
  }
  const problems = configProblems(config);
  if (problems.length > 0) throw new ConfigError(`the config of ${source}: ${problems.join('; ')}`);
  return config;
}

/**
 * What the schema alone cannot see: a plan that does not climb to 100, a lease shorter than the
 * longest wait, windows and freezes that name nothing or let a release through unapproved. Checked wherever a config loads (here, and lib/config-schema.ts for synth), with
 * the same rules Preflight applies, so `plan` never says "may deploy now" of a plan Preflight refuses.
 */
export function configProblems(config: EnvironmentConfig): string[] {
  const plan = validateTrafficPlan(config.trafficPlan);
  const lease = leaseProblem(config);
  const unmovableTestListeners = Object.entries(config.services)
    .filter(([, binding]) => binding.testListener !== undefined && binding.testListenerArn === undefined)
    .map(
      ([service]) =>
        `services.${service}: testListener is set but testListenerArn is not: DeployGreen must point the test listener at the colour it deploys, or from the second deployment on the smoke tests and the trial judge the live colour (add the test listener's ARN as testListenerArn)`,
    );
  return [
    ...(plan.ok ? [] : plan.problems.map((problem) => `trafficPlan: ${problem}`)),
    ...(lease ? [lease] : []),
    ...unmovableTestListeners,
    ...validateWindows(config.windows, config.approvals),
    ...successCriteriaProblems(config.successCriteria, config.verify),
    ...checklistProblems(config.checklist),
    ...Object.entries(config.services).flatMap(([service, binding]) => hookProblems(service, binding.hooks)),
    ...(config.extendedMonitoringSeconds > 0 && config.extendedMonitoringSeconds <= config.standbySeconds
      ? [
          `extendedMonitoringSeconds ${config.extendedMonitoringSeconds} is within the standby (standbySeconds ${config.standbySeconds}), which watches the alarms already: set it longer, or leave it out`,
        ]
      : []),
  ];
}
