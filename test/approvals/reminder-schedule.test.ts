import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  approvalHeartbeatSeconds,
  minApprovalTimeoutSeconds,
  missedRunsTolerated,
  reminderRunEverySeconds,
} from '../../src/approvals/reminder-schedule.ts';
import { type AslDefinition, adaptForLocalInterpreter } from '../../src/runtime/definition.ts';
import { environmentConfigSchema } from '../../src/schema/config.ts';
import { rateExpression } from '../../src/workflow/scheduled-functions.ts';
import { stagingConfig } from '../support/fixtures.ts';

const deploy = JSON.parse(readFileSync('statemachines/deploy.asl.json', 'utf8')) as AslDefinition;
const awaitApproval = deploy.States.AwaitApproval;

describe('The approval reminder and AwaitApproval stay in step', () => {
  it('gives AwaitApproval a heartbeat of three missed reminder runs (900 s), every 5 minutes on AWS', () => {
    expect(missedRunsTolerated).toBe(3);
    expect(awaitApproval?.HeartbeatSeconds).toBe(approvalHeartbeatSeconds);
    expect(approvalHeartbeatSeconds).toBe(3 * reminderRunEverySeconds);
    expect(rateExpression(reminderRunEverySeconds)).toBe('rate(5 minutes)');
  });

  it('catches States.HeartbeatTimeout before States.Timeout (which on AWS matches heartbeat timeouts too)', () => {
    const catchers = awaitApproval?.Catch ?? [];
    const heartbeat = catchers.findIndex((c) => c.ErrorEquals.includes('States.HeartbeatTimeout'));
    const timeout = catchers.findIndex((c) => c.ErrorEquals.includes('States.Timeout'));
    expect(heartbeat).toBeGreaterThanOrEqual(0);
    expect(heartbeat).toBeLessThan(timeout);
  });

  it('turns a lost heartbeat into ApprovalRejectedError and Rollback, never into onTimeout', () => {
    const target = awaitApproval?.Catch?.find((c) => c.ErrorEquals.includes('States.HeartbeatTimeout'))?.Next;
    const state = deploy.States[target ?? ''];
    expect(state).toMatchObject({
      Type: 'Pass',
      Parameters: { Error: 'ApprovalRejectedError' },
      ResultPath: '$.failure',
      Next: 'Rollback',
    });
    expect(JSON.stringify(state)).toContain('functions/approval-reminder');
  });

  it('refuses an approval timeout the heartbeat cannot fit into, and says why', () => {
    const tooShort = environmentConfigSchema.safeParse(
      stagingConfig({ approvalGate: { timeoutSeconds: approvalHeartbeatSeconds, onTimeout: 'reject' } }),
    );
    expect(tooShort.success).toBe(false);
    expect(tooShort.error?.issues[0]?.message).toContain(`at least ${minApprovalTimeoutSeconds} s`);
    expect(minApprovalTimeoutSeconds).toBeGreaterThan(approvalHeartbeatSeconds);
  });

  it('refuses reminders more frequent than the reminder runs, and defaults to every 4 hours', () => {
    const tooOften = environmentConfigSchema.safeParse(
      stagingConfig({
        approvalGate: { timeoutSeconds: 86_400, onTimeout: 'reject', reminderEverySeconds: 60 },
      }),
    );
    expect(tooOften.success).toBe(false);
    expect(tooOften.error?.issues[0]?.message).toContain(`runs every ${reminderRunEverySeconds} s`);
    expect(environmentConfigSchema.parse(stagingConfig()).approvalGate.reminderEverySeconds).toBe(14_400);
  });
});

describe('Function: adaptForLocalInterpreter', () => {
  it('lets States.Timeout match a heartbeat timeout locally, as it does on AWS, keeping the catcher order', () => {
    // Act
    const local = adaptForLocalInterpreter(deploy).States.AwaitApproval;
    // Assess
    expect(local?.Catch?.map((c) => c.ErrorEquals)).toEqual([
      ['States.HeartbeatTimeout'],
      ['States.Timeout', 'States.HeartbeatTimeout'],
      ['States.ALL'],
    ]);
  });
});
