import type * as z from 'zod';
import type { EnvironmentConfigInput, serviceBindingSchema, smokeTestSchema } from '../schema/config.ts';

/** Every release type but the hotfix: what a checklist item an emergency skips applies to. */
export const plannedReleases: ('major' | 'minor' | 'patch')[] = ['major', 'minor', 'patch'];

/** An environment's Greenlight policy: everything of its config but where it acts (`services`). */
export type EnvironmentPolicy = Omit<EnvironmentConfigInput, 'services' | 'environment'>;

/** The disaster-recovery targets and cadence a seed sets (the config file's `aws.dr`, less where the drill runs). */
export interface DrTargets {
  readonly rtoMinutes: number;
  readonly rpoMinutes: number;
  /** EventBridge Scheduler expression of the backup verification. */
  readonly backupVerification: string;
  /** EventBridge Scheduler expression of the full restore test. */
  readonly restoreTest: string;
  /** Set when the seed names no targets: why these, said wherever they are used. */
  readonly assumed?: string;
}

/**
 * One of the five procedures in `shared/seeds/` as Greenlight config: the policy of each
 * environment the seed names, and its DR targets. Each setting cites the seed's section in a
 * comment where it is defined. `greenlight init --preset <name>` writes it as a config file.
 */
export interface Preset {
  /** What the CLI calls it: `--preset <name>`. */
  readonly name: string;
  /** The seed document's own title. */
  readonly title: string;
  /** The seed file in shared/seeds/. */
  readonly seed: string;
  readonly environments: Readonly<
    Record<string, { readonly policy: EnvironmentPolicy; readonly dr?: DrTargets }>
  >;
  /**
   * The smoke tests the seed names, for the example service that `greenlight init` writes (a
   * service's smoke tests are its own, so they live on its binding, not in the policy).
   */
  readonly smokeTests?: readonly z.input<typeof smokeTestSchema>[];
  /** The seed's verification scripts as lifecycle hooks of the example service, like its smoke tests. */
  readonly hooks?: z.input<typeof serviceBindingSchema>['hooks'];
  /** What the seed asks for that Greenlight has no setting for yet, each with its section. */
  readonly gaps: readonly string[];
}

/**
 * The drill targets for a seed that names none: an hour to restore and at most a day of data
 * lost (the daily snapshot), verified weekly and restored monthly. An assumption, said as such by
 * `dr-test --preset`: replace them with your own.
 */
export function assumedDrTargets(why: string): DrTargets {
  return {
    rtoMinutes: 60,
    rpoMinutes: 1440,
    backupVerification: 'cron(0 3 ? * MON *)',
    restoreTest: 'cron(0 4 1 * ? *)',
    assumed: `${why}: Greenlight's default drill targets, to replace with yours`,
  };
}
