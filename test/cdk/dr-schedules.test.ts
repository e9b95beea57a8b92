// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL placeholders are literal ${...} text
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { GreenlightStack } from '../../lib/greenlight-stack.ts';
import { loadGreenlightConfig } from '../../lib/load-config.ts';
import { scheduledFunctions } from '../../src/workflow/scheduled-functions.ts';
import { stepFunctionNames } from '../../src/workflow/step-functions.ts';
import { projectFixture } from './project-fixture.ts';
import { configPath } from './synth.ts';

/** A minimal dr-test workflow naming a DR step that is not a deploy step. */
const drAsl = JSON.stringify({
  StartAt: 'FindLatestSnapshot',
  States: {
    FindLatestSnapshot: {
      Type: 'Task',
      Resource: '${DrFindSnapshotFunctionArn}',
      TimeoutSeconds: 60,
      End: true,
    },
  },
});

let template: Template;

beforeAll(() => {
  const projectRoot = projectFixture({
    functions: [...stepFunctionNames, 'dr-find-snapshot'],
    extraAsl: { 'dr-test.asl.json': drAsl },
  });
  const entry = loadGreenlightConfig(configPath).environments.production!;
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(new GreenlightStack(app, 'Dr', { entry, overrides: { projectRoot } }));
});

describe('Construct: Greenlight DR drills', () => {
  it('creates the dr-test state machine with its own step functions', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'greenlight-production-dr-test',
      DefinitionSubstitutions: { DrFindSnapshotFunctionArn: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Greenlight step: dr-find-snapshot',
      Timeout: 55,
    });
  });

  it('schedules a weekly backup verification and a monthly restore test per service', () => {
    // Every stack also schedules the scheduled functions (test/cdk/approval-reminder.test.ts).
    const scheduledNames = scheduledFunctions.map((entry) => `greenlight-production-${entry.step.name}`);
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule')).filter(
      (s) => !scheduledNames.includes(s.Properties.Name),
    );
    expect(schedules.map((s) => [s.Properties.Name, s.Properties.ScheduleExpression])).toEqual([
      ['greenlight-production-shop-backup-verification', 'cron(0 3 ? * MON *)'],
      ['greenlight-production-shop-restore-test', 'cron(0 4 1 * ? *)'],
    ]);
    expect(JSON.parse(schedules[1]?.Properties.Target.Input)).toEqual({
      service: 'shop',
      environment: 'production',
      drill: 'restore-test',
      rtoMinutes: 240,
      rpoMinutes: 60,
    });
    expect(schedules[0]?.Properties.ScheduleExpressionTimezone).toBe('Europe/London');
  });

  it("gives the DR functions the drill instance's security group, and no other function", () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    const withGroup = functions
      .filter(
        (fn) =>
          fn.Properties.Environment?.Variables?.GREENLIGHT_DR_SECURITY_GROUP_ID === 'sg-0123456789abcdef0',
      )
      .map((fn) => fn.Properties.Description);
    // The fixture project has one DR function besides the deploy steps.
    expect(withGroup).toEqual(['Greenlight step: dr-find-snapshot']);
    expect(functions.length).toBeGreaterThan(withGroup.length);
  });
});
