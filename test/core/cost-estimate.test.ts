import { describe, expect, it } from 'vitest';
import { estimateCost, happyPathStates, listPricesUsd, usd } from '../../src/core/cost-estimate.ts';
import { resourceTags } from '../../src/core/resource-tags.ts';
import { costAllocationTagsSchema } from '../../src/schema/config.ts';

describe('Function: happyPathStates', () => {
  it.each([
    // The bench's figures for 1-, 3- and 10-step plans with a backup and no approval gate.
    { steps: 1, holds: 0, approval: false, backup: true, states: 20, tasks: 16 },
    { steps: 3, holds: 0, approval: false, backup: true, states: 28, tasks: 22 },
    { steps: 10, holds: 0, approval: false, backup: true, states: 56, tasks: 43 },
    { steps: 3, holds: 0, approval: true, backup: true, states: 29, tasks: 23 },
    { steps: 3, holds: 0, approval: false, backup: false, states: 26, tasks: 20 },
    { steps: 3, holds: 2, approval: false, backup: true, states: 36, tasks: 28 },
  ])('$steps steps, $holds holds, approval $approval, backup $backup: $states states', (row) => {
    expect(
      happyPathStates({
        trafficSteps: row.steps,
        holds: row.holds,
        approvalGate: row.approval,
        backup: row.backup,
      }),
    ).toEqual({ states: row.states, tasks: row.tasks });
  });
});

describe('Function: estimateCost', () => {
  const inputs = {
    trafficSteps: 3,
    holds: 0,
    approvalGate: false,
    backup: true,
    lambdaMemoryMb: 512,
    lambdaSecondsPerTask: 1,
    databaseGb: 100,
    retentionDays: 30,
  };

  it('adds up transitions, invocations with their GB-seconds, and the snapshot kept', () => {
    // 28 × $0.000025 = $0.0007; 22 × $0.0000002 + 11 GB-s × $0.0000166667 = $0.0001877;
    // 100 GB × $0.095 × 30/30 = $9.50.
    const estimate = estimateCost(inputs);
    expect(estimate.lines.map((line) => line.what)).toEqual([
      '28 state transitions',
      '22 Lambda invocations, 11 GB-s',
      'a 100 GB snapshot kept 30 days',
    ]);
    expect(estimate.lines[0]?.usd).toBeCloseTo(0.0007, 10);
    expect(estimate.lines[1]?.usd).toBeCloseTo(22 * 0.0000002 + 11 * 0.0000166667, 10);
    expect(estimate.lines[2]?.usd).toBeCloseTo(9.5, 10);
    expect(estimate.totalUsd).toBeCloseTo(0.0007 + 0.0001877 + 9.5, 6);
  });

  it('prices the snapshot per GB when the database size is unknown', () => {
    const estimate = estimateCost({ ...inputs, databaseGb: null, retentionDays: 7 });
    expect(estimate.lines).toHaveLength(2);
    expect(estimate.text).toContain(
      `plus ${usd(0.095 * (7 / 30))} per GB of database for the snapshot kept 7 days`,
    );
  });

  it('takes other prices, for other regions', () => {
    const doubled = Object.fromEntries(Object.entries(listPricesUsd).map(([key, price]) => [key, price * 2]));
    expect(estimateCost(inputs, doubled as typeof listPricesUsd).totalUsd).toBeCloseTo(
      2 * estimateCost(inputs).totalUsd,
      9,
    );
  });
});

describe('Function: usd', () => {
  it.each([
    [9.5, '$9.50'],
    [0.25, '$0.25'],
    [0.00092, '$0.00092'],
    [0.0123, '$0.012'],
    [0, '$0'],
  ])('%d is %s', (amount, text) => {
    expect(usd(amount)).toBe(text);
  });
});

describe('Cost allocation tags', () => {
  it('puts the environment beside the cost allocation tags', () => {
    expect(resourceTags('production', { CostCenter: 'payments', Team: 'platform' })).toEqual({
      CostCenter: 'payments',
      Team: 'platform',
      'greenlight:environment': 'production',
    });
  });

  it.each([
    [{ 'aws:createdBy': 'me' }, 'the aws: prefix is reserved for AWS'],
    [{ 'greenlight:environment': 'x' }, 'the greenlight: prefix is reserved for the tags Greenlight sets'],
    [{ ['k'.repeat(129)]: 'v' }, 'expected a tag key of 1 to 128 characters'],
    [{ CostCenter: 'v'.repeat(257) }, 'expected a tag value of at most 256 characters'],
    [{ 'Cost#Center': 'x' }, 'expected letters, digits, spaces and _ . : / = + - @ only (AWS tag rules)'],
    [
      Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`tag-${i}`, 'x'])),
      'expected at most 40 cost allocation tags (AWS allows 50 a resource)',
    ],
  ])('refuses %j: %s', (tags, message) => {
    const result = costAllocationTagsSchema.safeParse(tags);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join('\n')).toContain(message);
  });

  it('accepts what AWS accepts: spaces, unicode letters, an empty value', () => {
    expect(
      costAllocationTagsSchema.parse({ 'Cost Center': 'Zürich/ops', 'team:name': '', 'a+b=c@d': '1.2' }),
    ).toEqual({
      'Cost Center': 'Zürich/ops',
      'team:name': '',
      'a+b=c@d': '1.2',
    });
  });
});
