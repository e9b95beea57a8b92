import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { synthEnvironment } from './synth.ts';

describe('cdk-nag AwsSolutions', () => {
  it.each(['dev', 'staging', 'production'])('finds nothing unacknowledged in the %s stack', (environment) => {
    // Prepare
    const { app } = synthEnvironment(environment);
    // Act
    const report = new AwsSolutionsChecks(app).validateScope(app);
    // Assess
    const findings = report.violations.map((v) => `${v.ruleName}: ${v.description.split('\n')[0]}`);
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });
});
