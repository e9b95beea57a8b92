// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL placeholders are literal ${...} text
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aslToMermaid } from '../../src/workflow/asl-to-mermaid.ts';

describe('Function: aslToMermaid', () => {
  it('draws states, transitions, choices and catch routes', () => {
    // Prepare
    const definition = {
      StartAt: 'Check',
      States: {
        Check: {
          Type: 'Choice',
          Choices: [{ Variable: '$.ready', BooleanEquals: true, Next: 'Work' }],
          Default: 'Wait "a bit"',
        },
        'Wait "a bit"': { Type: 'Wait', Seconds: 5, Next: 'Check' },
        Work: {
          Type: 'Task',
          Resource: '${WorkFunctionArn}',
          Catch: [{ ErrorEquals: ['ThrottledError', 'States.ALL'], Next: 'Failed' }],
          End: true,
        },
        Failed: { Type: 'Fail' },
      },
    };
    // Act
    const mermaid = aslToMermaid(definition);
    // Assess
    expect(mermaid.split('\n')).toEqual(
      expect.arrayContaining([
        'flowchart TD',
        '  start --> s_Check',
        '  s_Check{"Check"}',
        '  s_Wait__a_bit_(["Wait #quot;a bit#quot;"])',
        '  s_Work["Work"]',
        '  s_Failed(("Failed"))',
        '  s_Check -->|"$.ready BooleanEquals true"| s_Work',
        '  s_Check -->|"otherwise"| s_Wait__a_bit_',
        '  s_Wait__a_bit_ --> s_Check',
        '  s_Work -.->|"ThrottledError, States.ALL"| s_Failed',
      ]),
    );
  });

  it('draws Parallel branches as subgraphs', () => {
    // Prepare
    const definition = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'X', States: { X: { Type: 'Pass', End: true } } }],
          End: true,
        },
      },
    };
    // Act
    const mermaid = aslToMermaid(definition);
    // Assess
    expect(mermaid).toContain('subgraph s_Both_0["Both branch 1"]');
    expect(mermaid).toContain('s_Both --> s_Both_0_X');
  });

  it('draws every state of the deploy workflow', () => {
    // Prepare
    const definition = JSON.parse(
      readFileSync(new URL('../../statemachines/deploy.asl.json', import.meta.url), 'utf8'),
    );
    // Act
    const mermaid = aslToMermaid(definition);
    // Assess
    for (const state of Object.keys(definition.States)) expect(mermaid).toContain(`"${state}"`);
  });

  it('throws on something that is not ASL', () => {
    expect(() => aslToMermaid({ States: {} })).toThrow(/StartAt/);
  });
});
