import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { drStepFunctionNames } from '../../src/dr/dr-steps.ts';
import { builtInErrorNames, errorClasses } from '../../src/errors.ts';
import {
  type AslDefinition,
  type AslState,
  findPlaceholders,
  isCallbackTask,
} from '../../src/runtime/definition.ts';
import { placeholderFor, stepFunctionNames } from '../../src/workflow/step-functions.ts';
import { deployRequest, stagingConfig } from '../support/fixtures.ts';
import { createWorkflowHarness } from '../support/workflow-harness.ts';

const aslFiles = readdirSync('statemachines').filter((file) => file.endsWith('.asl.json'));
const definitions = aslFiles.map((file) => {
  const text = readFileSync(`statemachines/${file}`, 'utf8');
  return { file, text, definition: JSON.parse(text) as AslDefinition };
});
const tasksOf = (definition: AslDefinition): [string, AslState][] =>
  Object.entries(definition.States).filter(([, state]) => state.Type === 'Task');

describe.each(definitions)('$file', ({ text, definition }) => {
  it('gives every Task a timeout', () => {
    const missing = tasksOf(definition).filter(
      ([, s]) => s.TimeoutSeconds === undefined && !s.TimeoutSecondsPath,
    );
    expect(missing.map(([name]) => name)).toEqual([]);
  });

  it('mirrors each TimeoutSecondsPath into Payload.timeoutSeconds, so the callback emulator times it as AWS does', () => {
    const pathTasks = tasksOf(definition).filter(([, s]) => s.TimeoutSecondsPath);
    for (const [name, state] of pathTasks) {
      const payload = state.Parameters?.Payload as Record<string, unknown> | undefined;
      expect(payload?.['timeoutSeconds.$'], name).toBe(state.TimeoutSecondsPath);
    }
  });

  it('names only error classes and Step Functions errors in Retry and Catch', () => {
    const known = new Set<string>([...errorClasses.map((c) => c.name), ...builtInErrorNames]);
    const used = tasksOf(definition).flatMap(([, s]) =>
      [...(s.Retry ?? []), ...(s.Catch ?? [])].flatMap((r) => r.ErrorEquals),
    );
    expect(used.filter((name) => !known.has(name))).toEqual([]);
    expect(used.length).toBeGreaterThan(0);
  });

  it('writes no explicit `ResultPath: "$"` (aws-local-stepfunctions mishandles it; omitting it means the same)', () => {
    const explicit = Object.entries(definition.States).filter(([, s]) => s.ResultPath === '$');
    expect(explicit.map(([name]) => name)).toEqual([]);
  });

  it('refers to Lambdas only through FunctionArn placeholders of known steps', () => {
    const known = new Set<string>([...stepFunctionNames, ...drStepFunctionNames].map(placeholderFor));
    const functionPlaceholders = findPlaceholders(text).filter((p) => p.endsWith('FunctionArn'));
    expect(functionPlaceholders.filter((p) => !known.has(p))).toEqual([]);
    expect(text).not.toMatch(/arn:aws:lambda:/);
  });

  it('has a top-level timeout (DefinitionBody.fromFile ignores the CDK timeout prop)', () => {
    expect(definition.TimeoutSeconds).toBeGreaterThan(0);
  });

  it('leaves no state unreachable', () => {
    const reachable = new Set<string>();
    const visit = (name: string): void => {
      if (reachable.has(name)) return;
      reachable.add(name);
      const state = definition.States[name];
      if (!state) return;
      const next = [
        state.Next,
        state.Default,
        ...(state.Choices ?? []).map((c) => c.Next),
        ...(state.Catch ?? []).map((c) => c.Next),
      ];
      for (const target of next) if (target) visit(target);
    };
    visit(definition.StartAt);
    expect(Object.keys(definition.States).filter((name) => !reachable.has(name))).toEqual([]);
  });
});

describe('deploy.asl.json', () => {
  const deploy = definitions.find((d) => d.file === 'deploy.asl.json')?.definition as AslDefinition;

  it('sends every failure between Preflight and Promote-plus-standby to Rollback', () => {
    // DecommissionBlue is the exception on purpose: by then green has served 100% through every
    // verify and the standby; failing to scale blue down must not undo a good release.
    const guarded = [
      'AwaitApproval',
      'StartBackup',
      'AwaitBackup',
      'BackupTimedOut',
      'Migrate',
      'DeployGreen',
      'AwaitGreen',
      'GreenTimedOut',
      'VerifyGreen',
      'ShiftWeight',
      'Bake',
      'Verify',
      'Promote',
      'Standby',
    ];
    for (const name of guarded) {
      const catchAll = deploy.States[name]?.Catch?.find((c) => c.ErrorEquals.includes('States.ALL'));
      expect(catchAll?.Next, name).toBe('Rollback');
    }
  });

  it('makes Bake and Standby callback tasks whose timeout is the bake and standby time', () => {
    expect(isCallbackTask(deploy.States.Bake as AslState)).toBe(true);
    expect(deploy.States.Bake?.TimeoutSecondsPath).toBe('$.traffic.bakeSeconds');
    expect(deploy.States.Standby?.TimeoutSecondsPath).toBe('$.config.standbySeconds');
    expect(deploy.States.Bake?.Catch?.[0]).toMatchObject({ ErrorEquals: ['States.Timeout'], Next: 'Verify' });
  });

  it('makes the same number of transitions for a 3-step plan with 5-minute and with 5-hour bakes', async () => {
    // Prepare: on the harness's virtual clock a five-hour bake costs no more than a five-minute one.
    const transitionsFor = async (bakeSeconds: number): Promise<number> => {
      const plan = [10, 50, 100].map((weightPercent) => ({ weightPercent, bakeSeconds }));
      const harness = createWorkflowHarness({
        configs: { staging: stagingConfig({ trafficPlan: plan, standbySeconds: bakeSeconds }) },
      });
      harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
      const execution = await harness.run(deployRequest());
      expect(execution.status).toBe('SUCCEEDED');
      return execution.history.transitions();
    };

    // Act
    const fiveMinutes = await transitionsFor(300);
    const fiveHours = await transitionsFor(18_000);

    // Assess
    expect(fiveMinutes).toBe(fiveHours);
    expect(fiveMinutes).toBeLessThan(50);
  });
});
