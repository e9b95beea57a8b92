import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Capability, capabilitiesOf } from '../../lib/step-capabilities.ts';

const functionsDir = new URL('../../functions/', import.meta.url).pathname;

/** Which capability each port call needs (IAM follows the capability). */
const needs: readonly [RegExp, Capability][] = [
  [/ports\.router\.targetHealth/, 'target-health'],
  [/ports\.router\.(?:pointTestListener|testListenerColour)/, 'test-listener'],
  [/ports\.router(?!\.targetHealth|\.pointTestListener|\.testListenerColour)/, 'router'],
  [/ports\.compute\.deploy/, 'compute-deploy'],
  [/ports\.compute\.status/, 'compute-read'],
  [/ports\.compute\.scaleToZero/, 'compute-scale'],
  [/ports\.metrics/, 'metrics'],
  [/dr\.metrics\.publish/, 'dr-metrics'],
  [/ports\.alarms/, 'alarms'],
  [/ports\.snapshots/, 'snapshots'],
  [/ports\.notifier/, 'notify'],
  // Heartbeat-only use gets the narrower grant; any other callback call needs them all.
  [/ports\.callbacks(?!\.heartbeat)/, 'callbacks'],
  [/ports\.callbacks\.heartbeat/, 'heartbeat'],
  [/ports\.smoke/, 'smoke'],
  [/ports\.config/, 'config'],
  [/ports\.store/, 'store'],
];

const steps = readdirSync(functionsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

describe('Map: capabilitiesByStep', () => {
  it.each(steps)('grants %s every capability its handler code calls for', (step) => {
    // Prepare
    const source = readdirSync(join(functionsDir, step))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => readFileSync(join(functionsDir, step, file), 'utf8'))
      .join('\n');
    // Act
    const required = needs.filter(([pattern]) => pattern.test(source)).map(([, capability]) => capability);
    // Assess
    expect(capabilitiesOf(step)).toEqual(expect.arrayContaining(required));
  });
});
