import { describe, expect, it } from 'vitest';
import {
  argoRollouts,
  codeDeployCanary,
  codeDeployLinear,
  flagger,
  type PeerPolicy,
  type PolicyDecision,
  type PolicyObservation,
} from '../../../src/simulate/policies/peer-policies.ts';

const healthy = (elapsedSeconds: number): PolicyObservation => ({
  elapsedSeconds,
  alarmsInAlarm: [],
  lastMinute: { successRate: 1, p99Ms: 40 },
  instantSuccessRate: 1,
});

/** Runs a policy's checks at its own interval over `seconds`, observing `at(elapsed)`; the decisions that changed something. */
function walk<S>(
  policy: PeerPolicy<S>,
  seconds: number,
  at: (elapsed: number) => PolicyObservation = healthy,
): { elapsed: number; decision: PolicyDecision }[] {
  let { state, decision } = policy.start();
  const log = [{ elapsed: 0, decision }];
  for (let elapsed = policy.checkEverySeconds; elapsed <= seconds; elapsed += policy.checkEverySeconds) {
    ({ state, decision } = policy.check(state, at(elapsed)));
    if (decision.kind !== 'hold') log.push({ elapsed, decision });
    if (decision.kind === 'promote' || decision.kind === 'rollback') break;
  }
  return log;
}

const shape = (log: ReturnType<typeof walk>) =>
  log.map(({ elapsed, decision }) =>
    decision.kind === 'shift' ? `${elapsed}:${decision.canaryPercent}%` : `${elapsed}:${decision.kind}`,
  );

describe('The peers’ documented defaults, on a healthy release', () => {
  it.each([
    ['CodeDeploy ECSCanary10Percent5Minutes', codeDeployCanary, ['0:10%', '300:promote']],
    [
      'CodeDeploy ECSLinear10PercentEvery1Minutes',
      codeDeployLinear,
      [
        '0:10%',
        '60:20%',
        '120:30%',
        '180:40%',
        '240:50%',
        '300:60%',
        '360:70%',
        '420:80%',
        '480:90%',
        '540:promote',
      ],
    ],
    [
      'Flagger: stepWeight 10 to maxWeight 50, interval 1 m',
      flagger(),
      ['0:10%', '60:20%', '120:30%', '180:40%', '240:50%', '300:promote'],
    ],
    [
      'Argo Rollouts: setWeight 10/50/100, pauses of 5 m',
      argoRollouts(),
      ['0:10%', '300:50%', '600:promote'],
    ],
  ] as const)('%s', (_name, policy, expected) => {
    expect(shape(walk(policy as PeerPolicy<unknown>, 1200))).toEqual(expected);
  });
});

describe('Their detection', () => {
  it('CodeDeploy rolls back at the first moment one of its alarms is in ALARM', () => {
    const log = walk(codeDeployCanary, 1200, (elapsed) => ({
      ...healthy(elapsed),
      alarmsInAlarm: elapsed >= 70 ? ['Target_5XX'] : [],
    }));
    expect(shape(log)).toEqual(['0:10%', '70:rollback']);
    expect(log.at(-1)?.decision.reason).toBe('alarm Target_5XX in ALARM');
  });

  it('Flagger holds the weight on a failed check and rolls back at the check after the fifth', () => {
    const log = walk(flagger(), 1200, (elapsed) => ({
      ...healthy(elapsed),
      lastMinute: { successRate: 0.98, p99Ms: 40 },
    }));
    expect(shape(log)).toEqual(['0:10%', '360:rollback']);
    expect(log.at(-1)?.decision.reason).toBe('5 failed checks reached the threshold');
  });

  it('Flagger fails a check on latency (P99 over 500 ms) and on no data, and never resets its count', () => {
    const p99 = [40, 600, 40, null, 40, 600, 600, 600];
    const log = walk(flagger(), 1200, (elapsed) => ({
      ...healthy(elapsed),
      lastMinute: { successRate: 1, p99Ms: p99[elapsed / 60 - 1] ?? 600 },
    }));
    expect(shape(log)).toEqual(['0:10%', '60:20%', '180:30%', '300:40%', '540:rollback']);
  });

  it('Argo aborts when more than failureLimit (3) measurements fail, and treats no data as an error', () => {
    const failing = walk(argoRollouts(), 1200, (elapsed) => ({
      ...healthy(elapsed),
      instantSuccessRate: 0.9,
    }));
    expect(shape(failing)).toEqual(['0:10%', '240:rollback']);
    const silent = walk(argoRollouts(), 1200, (elapsed) => ({
      ...healthy(elapsed),
      instantSuccessRate: null,
    }));
    // Measured at once (error 1), then every minute: the fifth consecutive error aborts.
    expect(shape(silent)).toEqual(['0:10%', '240:rollback']);
    expect(silent.at(-1)?.decision.reason).toContain('consecutive measurement errors');
  });

  it('Argo lets a 2% error release through: its 95% success bar is below it', () => {
    const log = walk(argoRollouts(), 1200, (elapsed) => ({ ...healthy(elapsed), instantSuccessRate: 0.98 }));
    expect(shape(log)).toEqual(['0:10%', '300:50%', '600:promote']);
  });
});
