import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../src/local-world/clock/virtual-clock.ts';
import { CallbackFailure, TaskTokens } from '../../src/runtime/task-tokens.ts';

const issue = (tokens: TaskTokens, overrides: { timeoutMs?: number; heartbeatMs?: number } = {}) =>
  tokens.issue({
    executionArn: 'arn:exec',
    stateName: 'Bake',
    timeoutMs: overrides.timeoutMs ?? 10_000,
    ...overrides,
  });

describe('TaskTokens', () => {
  it('resolves a waiting task with the output sent by SendTaskSuccess', async () => {
    const tokens = new TaskTokens(createVirtualClock());
    const { token, result } = issue(tokens);
    tokens.succeed(token, { approvedBy: 'lead' });
    await expect(result).resolves.toEqual({ approvedBy: 'lead' });
  });

  it('fails a waiting task with the error and cause sent by SendTaskFailure', async () => {
    const tokens = new TaskTokens(createVirtualClock());
    const { token, result } = issue(tokens);
    tokens.fail(token, 'AlarmTriggeredError', 'alarm x went to ALARM');
    await expect(result).rejects.toMatchObject({
      name: 'AlarmTriggeredError',
      message: 'alarm x went to ALARM',
    });
  });

  it('times a task out with States.Timeout, after which an answer gets TaskTimedOut', async () => {
    const tokens = new TaskTokens(createVirtualClock());
    const { token, result } = issue(tokens, { timeoutMs: 5 });
    await expect(result).rejects.toBeInstanceOf(CallbackFailure);
    await expect(result).rejects.toMatchObject({ name: 'States.Timeout' });
    expect(() => tokens.succeed(token, {})).toThrow(expect.objectContaining({ name: 'TaskTimedOut' }));
  });

  it('fails with States.HeartbeatTimeout when no heartbeat arrives in time, and heartbeats keep it alive', async () => {
    const clock = createVirtualClock();
    const tokens = new TaskTokens(clock);
    const alive = issue(tokens, { heartbeatMs: 40 });
    const silent = issue(tokens, { heartbeatMs: 10 });
    const beat = clock.setInterval(5, () => tokens.heartbeat(alive.token));
    await expect(silent.result).rejects.toMatchObject({ name: 'States.HeartbeatTimeout' });
    await clock.sleep(100);
    tokens.succeed(alive.token, 'done');
    beat();
    await expect(alive.result).resolves.toBe('done');
  });

  it('answers a second completion with TaskTimedOut and an unknown token with TaskDoesNotExist', () => {
    const tokens = new TaskTokens(createVirtualClock());
    const { token, result } = issue(tokens);
    tokens.succeed(token, 1);
    expect(() => tokens.fail(token, 'X', 'y')).toThrow(expect.objectContaining({ name: 'TaskTimedOut' }));
    expect(() => tokens.succeed('forged', 1)).toThrow(expect.objectContaining({ name: 'InvalidToken' }));
    const stranger = issue(new TaskTokens(createVirtualClock()));
    stranger.result.catch(() => undefined); // it times out unanswered, elsewhere
    const wellFormedStranger = stranger.token;
    expect(() => tokens.succeed(wellFormedStranger, 1)).toThrow(
      expect.objectContaining({ name: 'TaskDoesNotExist' }),
    );
    return expect(result).resolves.toBe(1);
  });

  it('reports `expired`, not an error, through the WorkflowCallbacks port when the task is gone', async () => {
    const tokens = new TaskTokens(createVirtualClock());
    const callbacks = tokens.asWorkflowCallbacks();
    const { token, result } = issue(tokens);
    await expect(callbacks.fail(token, 'AlarmTriggeredError', 'late')).resolves.toBe('delivered');
    await expect(result).rejects.toThrow('late');
    await expect(callbacks.fail(token, 'AlarmTriggeredError', 'later')).resolves.toBe('expired');
  });

  it.each([
    ['a random string', 'forged'],
    ['an empty token', ''],
    ['a truncated token', 'AQabc'],
    ['a token with a wrong checksum', `AQ${'A'.repeat(43)}`],
  ])('answers %s with InvalidToken, on success, failure and heartbeat alike', (_what, token) => {
    const tokens = new TaskTokens(createVirtualClock());
    for (const answer of [
      () => tokens.succeed(token, {}),
      () => tokens.fail(token, 'X', 'y'),
      () => tokens.heartbeat(token),
    ]) {
      expect(answer).toThrow(expect.objectContaining({ name: 'InvalidToken' }));
    }
  });
});
