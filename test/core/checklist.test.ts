import { describe, expect, it } from 'vitest';
import { checkChecklist, checklistProblems, itemsFor } from '../../src/core/checklist.ts';
import type { ChecklistItem } from '../../src/schema/config.ts';
import { parseEnvironmentConfig } from '../../src/schema/parse-config.ts';
import type { Attestation } from '../../src/schema/request.ts';
import { stagingConfig } from '../support/fixtures.ts';

// Seed 000 §4.4, in part: two items for every release, one that hotfixes skip.
const checklist: ChecklistItem[] = [
  { id: 'tests-passing', title: 'All tests passing', role: 'qa' },
  { id: 'security-scan', title: 'Security scan complete', role: 'security' },
  {
    id: 'release-notes',
    title: 'Release notes prepared',
    role: 'release-manager',
    releaseTypes: ['major', 'minor'],
  },
];
const qa: Attestation = { item: 'tests-passing', role: 'qa', by: 'ci@example.com', evidence: 'https://ci/1' };
const security: Attestation = { item: 'security-scan', role: 'security', by: 'sam@example.com' };
const notes: Attestation = { item: 'release-notes', role: 'release-manager', by: 'rita@example.com' };

const check = (releaseType: 'major' | 'hotfix', attestations: Attestation[], items = checklist) =>
  checkChecklist({ checklist: items, releaseType, environment: 'production', attestations });

describe('Function: itemsFor', () => {
  it.each([
    { releaseType: 'major', ids: ['tests-passing', 'security-scan', 'release-notes'] },
    { releaseType: 'hotfix', ids: ['tests-passing', 'security-scan'] },
  ] as const)('$releaseType needs $ids', ({ releaseType, ids }) => {
    expect(itemsFor(checklist, releaseType).map((item) => item.id)).toEqual(ids);
  });
});

describe('Function: checkChecklist', () => {
  it.each([
    { name: 'every item attested', releaseType: 'major', given: [qa, security, notes], passed: true },
    {
      name: 'a hotfix without the items it skips',
      releaseType: 'hotfix',
      given: [qa, security],
      passed: true,
    },
    {
      name: 'in any order, with extra attesters',
      releaseType: 'major',
      given: [notes, { ...qa, by: 'x' }, qa, security],
      passed: true,
    },
    { name: 'one item missing', releaseType: 'major', given: [qa, security], passed: false },
    { name: 'nothing attested', releaseType: 'major', given: [], passed: false },
    {
      name: 'an item attested by the wrong role',
      releaseType: 'hotfix',
      given: [{ ...qa, role: 'developer' }, security],
      passed: false,
    },
    {
      name: 'an item no checklist has',
      releaseType: 'hotfix',
      given: [qa, security, { ...qa, item: 'test-passing' }],
      passed: false,
    },
  ] as const)('$name: passed $passed', ({ releaseType, given, passed }) => {
    expect(check(releaseType, [...given])?.passed).toBe(passed);
  });

  it('is not a gate where there is no checklist', () => {
    expect(check('major', [], [])).toBeNull();
  });

  it('names every missing item, who must attest it, and how', () => {
    expect(check('major', [qa])?.detail).toBe(
      'pre-deployment checklist: 2 of 3 major item(s) not attested: "Security scan complete" (security-scan, by security); ' +
        '"Release notes prepared" (release-notes, by release-manager). ' +
        "Attest each in the request's attestations as { item, role, by } (greenlight deploy --attest <item>=<role>:<who>)",
    );
  });

  it('says who attested as the wrong role, and the role needed', () => {
    expect(
      check('hotfix', [{ ...qa, role: 'developer', by: 'dev@example.com' }, security])?.detail,
    ).toContain(
      '"All tests passing" (tests-passing) was attested by dev@example.com as developer, but needs the qa role',
    );
  });

  it('refuses an item no checklist has, with the items it has', () => {
    expect(check('hotfix', [qa, security, { ...qa, item: 'test-passing' }])?.detail).toBe(
      'pre-deployment checklist: "test-passing" is not on production\'s checklist (its items: tests-passing, security-scan, release-notes); check the spelling',
    );
  });

  it('keeps, for the audit trail, the one attestation that counts per item, with its title and evidence', () => {
    expect(check('hotfix', [{ ...qa, role: 'developer' }, qa, security])?.attested).toEqual([
      { ...qa, title: 'All tests passing' },
      { ...security, title: 'Security scan complete' },
    ]);
  });
});

describe('Config: the checklist is checked where it loads', () => {
  it('refuses two items with one id', () => {
    expect(checklistProblems([checklist[0]!, { ...checklist[1]!, id: 'tests-passing' }])).toEqual([
      'checklist: item id "tests-passing" is used more than once; give each item its own id, which attestations name',
    ]);
    expect(() =>
      parseEnvironmentConfig(stagingConfig({ checklist: [checklist[0]!, checklist[0]!] }), 'staging'),
    ).toThrow(/item id "tests-passing" is used more than once/);
  });

  it('refuses an id that an attestation flag could not name', () => {
    expect(() =>
      parseEnvironmentConfig(
        stagingConfig({ checklist: [{ ...checklist[0]!, id: 'Tests Passing' }] }),
        'staging',
      ),
    ).toThrow(/checklist\.0\.id: expected lower-case letters, digits and dashes/);
  });
});
