import { describe, expect, it } from 'vitest';
import { defaultEarlyVerdictSettings, earlyVerdict } from '../../src/core/early-verdict.ts';

describe('Function: earlyVerdict', () => {
  it.each([
    // green requests, errors; blue requests, errors → decision
    [50, 0, 450, 0, 'undecided'], // too little to tell
    [500, 0, 4500, 0, 'good'],
    [341, 7, 3000, 0, 'rollback'], // the 2% green of the bench
    [100, 20, 900, 0, 'rollback'], // 20% errors: decided within 100 requests
    [1000, 1, 9000, 9, 'good'], // as good as blue
    [1000, 20, 9000, 180, 'good'], // 2%, but blue errs as much: not green's fault
    [1000, 60, 9000, 180, 'rollback'], // 6% against blue's 2%
  ] as const)(
    'green %d/%d errors, blue %d/%d → %s',
    (greenRequests, greenErrors, blueRequests, blueErrors, decision) => {
      const verdict = earlyVerdict(
        { requests: greenRequests, errors: greenErrors },
        { requests: blueRequests, errors: blueErrors },
      );
      expect(verdict.decision).toBe(decision);
    },
  );

  it('judges against the success criterion when blue serves nothing (standby, first deployment)', () => {
    expect(earlyVerdict({ requests: 400, errors: 8 }, null).decision).toBe('rollback');
    expect(earlyVerdict({ requests: 400, errors: 8 }, { requests: 0, errors: 0 }).decision).toBe('rollback');
    expect(earlyVerdict({ requests: 3000, errors: 1 }, null).decision).toBe('good');
  });

  it('gives the evidence in the reason, in words a pager can read', () => {
    const verdict = earlyVerdict({ requests: 341, errors: 7 }, { requests: 3000, errors: 0 });
    expect(verdict.reason).toBe(
      'early verdict: 7 errors in 341 requests (2.1%) against an expected 0.10%; that many errors are over a million times likelier from a 2.0%-error release than from a good one',
    );
  });

  it('rolls a good release back rarely: with p0 errors, under α of runs reach the boundary', () => {
    // A deterministic walk at exactly the good rate never crosses the upper boundary.
    for (let n = 100; n <= 100_000; n *= 10) {
      const k = Math.round((n * defaultEarlyVerdictSettings.successErrorRatePercent) / 100);
      expect(earlyVerdict({ requests: n, errors: k }, null).decision).not.toBe('rollback');
    }
  });
});
