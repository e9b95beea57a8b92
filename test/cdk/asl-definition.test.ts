// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL placeholders are literal ${...} text
import { describe, expect, it } from 'vitest';
import {
  functionNameOf,
  placeholdersIn,
  substitutionsFor,
  taskTimeoutsByFunction,
} from '../../lib/asl-definition.ts';
import { placeholderFor, stepFunctionNames } from '../../src/workflow/step-functions.ts';

describe('Function: placeholdersIn', () => {
  it('lists each distinct placeholder once, in order', () => {
    expect(placeholdersIn('{"a":"${BFunctionArn}","b":"${TableName}","c":"${BFunctionArn}"}')).toEqual([
      'BFunctionArn',
      'TableName',
    ]);
  });

  it('ignores JSONPath and intrinsic text that only looks similar', () => {
    expect(placeholdersIn('{"x.$":"States.Format(\'{}\', $.a)","y":"$"}')).toEqual([]);
  });
});

describe('Function: functionNameOf', () => {
  it.each(stepFunctionNames.map((name) => [placeholderFor(name), name]))(
    'maps %s back to %s',
    (placeholder, name) => {
      expect(functionNameOf(placeholder)).toBe(name);
    },
  );

  it('returns null for other placeholders', () => {
    expect(functionNameOf('TableName')).toBeNull();
  });
});

describe('Function: substitutionsFor', () => {
  it('fills every placeholder', () => {
    expect(substitutionsFor('"${A}" "${B}"', 'x.asl.json', { A: '1', B: '2', C: '3' })).toEqual({
      A: '1',
      B: '2',
    });
  });

  it('fails naming the unknown placeholders and the file', () => {
    expect(() => substitutionsFor('"${A}" "${Nope}"', 'statemachines/x.asl.json', { A: '1' })).toThrow(
      /statemachines\/x\.asl\.json uses placeholder\(s\) \$\{Nope\}/,
    );
  });
});

describe('Function: taskTimeoutsByFunction', () => {
  it('takes the shortest TimeoutSeconds of the direct tasks, ignoring callback tasks', () => {
    // Prepare
    const definition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: '${DeployGreenFunctionArn}', TimeoutSeconds: 60, Next: 'B' },
        B: { Type: 'Task', Resource: '${DeployGreenFunctionArn}', TimeoutSeconds: 45, Next: 'C' },
        C: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: '${BakeFunctionArn}' },
          TimeoutSeconds: 300,
          Next: 'D',
        },
        D: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'E',
              States: {
                E: { Type: 'Task', Resource: '${NotifyFunctionArn}', TimeoutSeconds: 30, End: true },
              },
            },
          ],
          End: true,
        },
      },
    };
    // Act
    const timeouts = taskTimeoutsByFunction(definition);
    // Assess
    expect(Object.fromEntries(timeouts)).toEqual({ 'deploy-green': 45, notify: 30 });
  });
});
