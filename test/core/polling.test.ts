import { describe, expect, it } from 'vitest';
import { decidePoll } from '../../src/core/polling.ts';
import { ConfigError, InvalidRequestError } from '../../src/errors.ts';

describe('Function: decidePoll', () => {
  it.each([
    {
      attempts: 0,
      action: 'wait',
      next: 1,
      waitSeconds: 30,
      says: ['0 s of the 100 s limit', 'again in 30 s'],
    },
    {
      attempts: 2,
      action: 'wait',
      next: 3,
      waitSeconds: 30,
      says: ['60 s of the 100 s limit (2 waits of 30 s)'],
    },
    {
      attempts: 3,
      action: 'wait',
      next: 4,
      waitSeconds: 10,
      says: ['90 s of the 100 s limit', 'again in 10 s'],
    },
    {
      attempts: 4,
      action: 'give-up',
      next: 4,
      waitSeconds: 0,
      says: ['gave up on snapshot shop-dep-1', '100 s of the 100 s limit (4 waits of 30 s)'],
    },
    { attempts: 9, action: 'give-up', next: 9, waitSeconds: 0, says: ['9 waits of 30 s'] },
  ] as const)(
    'attempts $attempts (30 s polls, 100 s bound) → $action',
    ({ attempts, action, next, waitSeconds, says }) => {
      // Act
      const decision = decidePoll({
        attempts,
        pollSeconds: 30,
        maxWaitSeconds: 100,
        subject: 'snapshot shop-dep-1',
      });
      // Assess
      expect(decision).toMatchObject({ action, attempts: next, waitSeconds });
      for (const text of says) expect(decision.reason).toContain(text);
    },
  );

  it.each([
    { attempts: 59, action: 'wait' },
    { attempts: 60, action: 'give-up' },
  ] as const)(
    'gives up exactly when attempts × pollSeconds reaches the bound (attempts $attempts)',
    ({ attempts, action }) => {
      const decision = decidePoll({ attempts, pollSeconds: 15, maxWaitSeconds: 900 });
      expect(decision.action).toBe(action);
      expect(decision.reason).toContain('900 s (15 min)');
    },
  );

  it('says "the resource" when no subject is given', () => {
    expect(decidePoll({ attempts: 0, pollSeconds: 30, maxWaitSeconds: 60 }).reason).toMatch(
      /^the resource is not ready/,
    );
  });

  it('bounds the loop: the total wait never exceeds maxWaitSeconds', () => {
    // Prepare
    let attempts = 0;
    let waitedSeconds = 0;
    let iterations = 0;
    // Act
    for (;;) {
      const decision = decidePoll({ attempts, pollSeconds: 7, maxWaitSeconds: 100 });
      if (decision.action === 'give-up') break;
      waitedSeconds += decision.waitSeconds;
      attempts = decision.attempts;
      iterations++;
    }
    // Assess
    expect(waitedSeconds).toBe(100);
    expect(iterations).toBe(15);
  });

  it.each([
    {
      input: { attempts: -1, pollSeconds: 30, maxWaitSeconds: 100 },
      error: InvalidRequestError,
      message: 'attempts -1',
    },
    {
      input: { attempts: 1.5, pollSeconds: 30, maxWaitSeconds: 100 },
      error: InvalidRequestError,
      message: 'attempts 1.5',
    },
    {
      input: { attempts: 0, pollSeconds: 0, maxWaitSeconds: 100 },
      error: ConfigError,
      message: 'pollSeconds 0',
    },
    {
      input: { attempts: 0, pollSeconds: 30, maxWaitSeconds: Number.NaN },
      error: ConfigError,
      message: 'maxWaitSeconds NaN',
    },
  ])('throws $error.name naming $message', ({ input, error, message }) => {
    expect(() => decidePoll(input)).toThrow(error);
    expect(() => decidePoll(input)).toThrow(message);
  });
});
