import { describe, expect, it } from 'vitest';
import { decideReconcile } from '../../src/core/reconcile-decision.ts';

const up = { healthy: 2, unhealthy: 0, details: [] };
const down = { healthy: 0, unhealthy: 2, details: ['10.0.1.7:8080 unhealthy (Target.FailedHealthChecks)'] };

describe('Function: decideReconcile', () => {
  it.each([
    ['live blue serves', 'blue', up, up, { action: 'route', colour: 'blue', page: false }],
    ['live blue serves, green is down', 'blue', up, down, { action: 'route', colour: 'blue', page: false }],
    [
      'live green (after Promote) serves',
      'green',
      down,
      up,
      { action: 'route', colour: 'green', page: false },
    ],
    ['live blue is down, green serves', 'blue', down, up, { action: 'route', colour: 'green', page: true }],
    ['neither serves', 'blue', down, down, { action: 'keep-lock', page: true }],
  ] as const)('%s', (_name, liveColour, blue, green, expected) => {
    const decision = decideReconcile({ liveColour, health: { blue, green } });
    expect(decision).toMatchObject(expected);
  });

  it('explains itself with the health it saw', () => {
    const decision = decideReconcile({ liveColour: 'blue', health: { blue: down, green: down } });
    expect(decision.reason).toBe(
      'neither colour serves (blue has 0 healthy and 2 unhealthy targets; green has 0 healthy and 2 unhealthy targets): traffic is left as it is and the lock is kept until a person acts',
    );
  });
});
