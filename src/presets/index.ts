import { InvalidRequestError } from '../errors.ts';
import { btcVault } from './btc-vault.ts';
import { covenantDom } from './covenant-dom.ts';
import { infraMgmt } from './infra-mgmt.ts';
import { orkaAuditTrail } from './orka-audit-trail.ts';
import type { Preset } from './preset.ts';
import { vioe } from './vioe.ts';

export type { DrTargets, EnvironmentPolicy, Preset } from './preset.ts';

/** Every preset, one per seed in shared/seeds/, in the seeds' order. */
export const presets: readonly Preset[] = [vioe, covenantDom, btcVault, orkaAuditTrail, infraMgmt];

/** The preset called `name`. @throws InvalidRequestError naming the presets there are. */
export function presetNamed(name: string, flag = '--preset'): Preset {
  // A lookup by equality, never by property: `constructor` or `__proto__` names no preset.
  const found = presets.find((preset) => preset.name === name);
  if (found) return found;
  throw new InvalidRequestError(
    `${flag}: no preset is called "${name}"; the presets are ${presets.map((preset) => preset.name).join(', ')} (greenlight init --list-presets)`,
  );
}
