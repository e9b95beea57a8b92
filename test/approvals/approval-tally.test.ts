import { describe, expect, it } from 'vitest';
import { tallyApprovals } from '../../src/approvals/approval-tally.ts';

const g = (by: string, role: string, atMs = 1) => ({ by, role, atMs });

describe('Function: tallyApprovals', () => {
  it.each([
    ['one cab approver', [{ role: 'cab', count: 1 }], [g('ana@x', 'cab')], true],
    [
      'the same person twice for cab × 2',
      [{ role: 'cab', count: 2 }],
      [g('ana@x', 'cab'), g('ANA@x ', 'cab')],
      false,
    ],
    ['two people for cab × 2', [{ role: 'cab', count: 2 }], [g('ana@x', 'cab'), g('bob@x', 'cab')], true],
    [
      'one person holding both manager and ciso',
      [
        { role: 'manager', count: 1 },
        { role: 'ciso', count: 1 },
      ],
      [g('ana@x', 'manager'), g('ana@x', 'ciso')],
      false,
    ],
    [
      'a manager and a ciso',
      [
        { role: 'manager', count: 1 },
        { role: 'ciso', count: 1 },
      ],
      [g('ana@x', 'manager'), g('cy@x', 'ciso')],
      true,
    ],
    ['a role that is not required', [{ role: 'cab', count: 1 }], [g('ana@x', 'intern')], false],
  ])('%s → complete %s', (_label, requirements, grants, complete) => {
    expect(tallyApprovals(requirements, grants).complete).toBe(complete);
  });

  it('says what is missing and why a grant did not count', () => {
    const tally = tallyApprovals([{ role: 'cab', count: 2 }], [g('ana@x', 'cab'), g('ana@x', 'cab')]);
    expect(tally.missing).toEqual([{ role: 'cab', needed: 1 }]);
    expect(tally.ignored[0]?.why).toContain('already counted');
  });
});
