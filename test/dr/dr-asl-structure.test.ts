import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { drStepFunctionNames } from '../../src/dr/dr-steps.ts';
import { tempInstanceIdFor } from '../../src/dr/temp-instance-id.ts';
import { type AslDefinition, findPlaceholders } from '../../src/runtime/definition.ts';
import { placeholderFor } from '../../src/workflow/step-functions.ts';

const text = readFileSync('statemachines/dr-test.asl.json', 'utf8');
const definition = JSON.parse(text) as AslDefinition;
const states = definition.States;

describe('dr-test.asl.json', () => {
  it('refers only to the DR step functions, each of which it uses', () => {
    const functionPlaceholders = findPlaceholders(text).filter((p) => p.endsWith('FunctionArn'));
    expect(functionPlaceholders).toEqual(drStepFunctionNames.map(placeholderFor).sort());
  });

  it('sends every failure from StartRestore on to Cleanup, so the temporary instance is always deleted', () => {
    for (const name of ['StartRestore', 'CheckRestore', 'VerifyIntegrity', 'Evaluate']) {
      expect(states[name]?.Catch?.find((c) => c.ErrorEquals.includes('States.ALL'))?.Next, name).toBe(
        'Cleanup',
      );
    }
  });

  it('retries Cleanup generously on any error, then reports it instead of stopping', () => {
    const cleanup = states.Cleanup;
    expect(cleanup?.Retry?.some((r) => r.ErrorEquals.includes('States.ALL'))).toBe(true);
    expect(cleanup?.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.cleanupFailure', Next: 'Report' },
    ]);
    expect(cleanup?.Next).toBe('Report');
  });

  it('waits with a Wait state whose seconds come from the restore result', () => {
    expect(states.WaitForRestore).toMatchObject({ Type: 'Wait', SecondsPath: '$.restore.waitSeconds' });
    expect(states.StartRestore?.ResultPath).toBe('$.restore');
    expect(states.CheckRestore?.ResultPath).toBe('$.restore');
  });

  it('outlives the longest allowed restore wait (24 h), so Cleanup always gets its turn', () => {
    expect(definition.TimeoutSeconds).toBeGreaterThanOrEqual(2 * 86_400);
  });
});

describe('Function: tempInstanceIdFor', () => {
  it.each([
    ['shop', 'arn:aws:states:eu-west-1:1:execution:dr:abc'],
    ['Payments_API v2', 'x'],
    ['a'.repeat(80), 'y'],
    ['---', 'z'],
  ])('names a valid RDS identifier for service %j, the same on every retry', (service, executionId) => {
    const id = tempInstanceIdFor(service, executionId);
    expect(id).toMatch(/^gl-dr-[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(id.length).toBeLessThanOrEqual(63 - '-writer'.length);
    expect(tempInstanceIdFor(service, executionId)).toBe(id);
  });
});
