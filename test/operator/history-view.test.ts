/**
 * What `show` says of each step, from a real execution's history: a bake or standby whose time
 * ran out passed; the state an execution ended in says how it ended.
 */
import { readFileSync } from 'node:fs';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import {
  checkedOnceMoreWhenTimeRunsOut,
  describeStepResult,
  passesWhenTimeRunsOut,
  viewHistory,
} from '../../src/operator/history-view.ts';
import { deployRequest, stagingConfig } from '../support/fixtures.ts';
import { createWorkflowHarness } from '../support/workflow-harness.ts';

const harnessWithLiveBlue = () => {
  const harness = createWorkflowHarness({ configs: { staging: stagingConfig() } });
  harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
  return harness;
};

/** The steps as show names them, from the local history in the shape the SDK returns it (Dates). */
const labels = (events: readonly { timestamp?: unknown }[]) =>
  viewHistory(
    events.map((event) => ({ ...event, timestamp: new Date(event.timestamp as number) })) as HistoryEvent[],
  ).steps.map((step) => `${step.name}: ${describeStepResult(step)}`);

describe('what show says of each step', () => {
  it('knows the waits whose timeout is their success from deploy.asl.json itself', () => {
    // Arrange
    const asl = JSON.parse(readFileSync('statemachines/deploy.asl.json', 'utf8')) as {
      States: Record<string, { Next?: string; Catch?: { ErrorEquals: string[]; Next: string }[] }>;
    };

    // Act: a Catch on States.Timeout that goes where the state goes anyway.
    const passing = Object.entries(asl.States)
      .filter(([, state]) =>
        (state.Catch ?? []).some((c) => c.ErrorEquals.includes('States.Timeout') && c.Next === state.Next),
      )
      .map(([name]) => name)
      .sort();

    // Assess
    expect(passing).toEqual(Object.keys(passesWhenTimeRunsOut).sort());
  });

  it('knows the waits whose timeout leads to one last check from deploy.asl.json itself', () => {
    // Arrange
    const asl = JSON.parse(readFileSync('statemachines/deploy.asl.json', 'utf8')) as {
      States: Record<string, { Next?: string; Catch?: { ErrorEquals: string[]; Next: string }[] }>;
    };

    // Act: a Catch on States.Timeout that goes to a state which goes where the wait goes.
    const checkedAgain = Object.fromEntries(
      Object.entries(asl.States).flatMap(([name, state]) => {
        const onTimeout = (state.Catch ?? []).find((c) => c.ErrorEquals.includes('States.Timeout'))?.Next;
        return onTimeout && onTimeout !== state.Next && asl.States[onTimeout]?.Next === state.Next
          ? [[name, onTimeout]]
          : [];
      }),
    );

    // Assess
    expect(checkedAgain).toEqual(checkedOnceMoreWhenTimeRunsOut);
    expect(
      describeStepResult({
        name: 'AwaitGreen',
        enteredAt: new Date(0),
        exitedAt: new Date(900_000),
        result: 'timed-out',
      }),
    ).toBe('waited 15 min, its limit; GreenTimedOut looked once more');
  });

  it('says a healthy release baked and passed, stood by and passed, and succeeded', async () => {
    // Arrange
    const harness = harnessWithLiveBlue();

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    const said = labels(execution.history.all());
    expect(said.filter((line) => line.startsWith('Bake:'))).toEqual([
      'Bake: baked 1 min, passed',
      'Bake: baked 1 min, passed',
      'Bake: baked 1 min, passed',
    ]);
    expect(said).toContainEqual(expect.stringMatching(/^Standby: stood by \d.*, passed$/));
    expect(said.at(-1)).toBe('Succeeded: succeeded');
    expect(said.join('\n')).not.toMatch(/timed-out|running/);
  });

  it('says which bake an alarm failed, and that the deployment failed, with why', async () => {
    // Arrange: green's alarm fires as the 50% bake arms.
    const harness = harnessWithLiveBlue();
    const store = harness.ports.store;
    const putCallback = store.putCallback.bind(store);
    store.putCallback = async (deploymentId, kind, token) => {
      await putCallback(deploymentId, kind, token);
      if (kind === 'bake' && harness.ports.router.weights.green === 50)
        await harness.raiseAlarm(
          'greenlight.shop.staging.green.5xx-rate',
          'Threshold Crossed: 2 datapoints > 5.0',
        );
    };

    // Act
    const execution = await harness.run(deployRequest());

    // Assess
    const said = labels(execution.history.all());
    expect(said.filter((line) => line.startsWith('Bake:'))).toEqual([
      'Bake: baked 1 min, passed',
      expect.stringMatching(/^Bake: failed \(AlarmTriggeredError: /),
    ]);
    expect(said.at(-1)).toMatch(/^DeploymentFailed: failed \(AlarmTriggeredError: /);
  });
});
