import type { Faults } from '../../../src/local-world/http/faults.ts';
import type { Colour } from '../../../src/ports/colour.ts';
import type { EnvironmentConfigInput } from '../../../src/schema/config.ts';
import type { ScenarioOutcome, ScenarioRun } from './run-scenario.ts';

/** Where a scenario must leave production: on a colour that serves, or (when none can) held and paged. */
export type Ending = Colour | 'no colour serves';

/** One row of the fault matrix. */
export interface FaultScenario {
  readonly name: string;
  /** The defect of issue 11 it reproduces (failed before the fix), if it is one of them. */
  readonly defect?: string;
  /** What the release under test does when it runs. */
  readonly green?: Faults;
  /** Changes to the matrix's environment config. */
  readonly config?: Partial<Omit<EnvironmentConfigInput, 'services' | 'environment'>>;
  /** @default ['shop'] */
  readonly services?: readonly string[];
  readonly executionTimeoutSeconds?: number;
  /** Starts the deployments and injects the fault. @default one deployment, `deploy-1` */
  readonly act?: (run: ScenarioRun) => Promise<void>;
  /** Runs once every execution has ended and been reconciled (a late alarm, say). */
  readonly afterwards?: (run: ScenarioRun) => Promise<void>;
  /** What else this fault must leave true, beyond the five invariants: each string is a failure. */
  readonly check?: (outcome: ScenarioOutcome) => Promise<string[]>;
  /** Where every service must end. */
  readonly ends: Ending;
}
