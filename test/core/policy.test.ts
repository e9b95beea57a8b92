import { describe, expect, it } from 'vitest';
import { evaluatePolicy, type PolicyConfig, type PolicyInput } from '../../src/core/policy.ts';
import { seed000Approvals, seed000Windows, seed002ProductionApprovals } from '../../src/core/presets.ts';
import { ConfigError } from '../../src/errors.ts';
import type { Windows } from '../../src/schema/config.ts';
import type { ReleaseType } from '../../src/schema/request.ts';

// 2025-01-09 and 2025-03-06 are Thursdays; US daylight saving time starts on 2025-03-09.
const at = (iso: string): number => Date.parse(iso);

const windowsIn = (timeZone: string, extra: Partial<Windows> = {}): Windows => ({
  ...structuredClone(seed000Windows),
  timeZone,
  ...extra,
});

const configWith = (windows: Windows, extra: Partial<PolicyConfig> = {}): PolicyConfig => ({
  approvals: seed000Approvals,
  windows,
  ...extra,
});

const input = (
  releaseType: ReleaseType,
  nowIso: string,
  config: PolicyConfig,
  succeededInPromotionSource: boolean | null = null,
): PolicyInput => ({
  request: { service: 'shop', environment: 'production', version: '1.4.2', releaseType },
  config,
  nowMs: at(nowIso),
  succeededInPromotionSource,
});

describe('Function: evaluatePolicy', () => {
  describe('windows (seed 000: major Thursday 22:00 for 2 h, minor nightly 22:00–06:00)', () => {
    it.each([
      { releaseType: 'major', tz: 'UTC', now: '2025-01-09T22:00:00Z', open: true, next: undefined },
      { releaseType: 'major', tz: 'UTC', now: '2025-01-09T23:59:59Z', open: true, next: undefined },
      {
        releaseType: 'major',
        tz: 'UTC',
        now: '2025-01-09T21:59:59Z',
        open: false,
        next: '2025-01-09T22:00:00.000Z',
      },
      {
        releaseType: 'major',
        tz: 'UTC',
        now: '2025-01-10T00:00:00Z',
        open: false,
        next: '2025-01-16T22:00:00.000Z',
      },
      {
        releaseType: 'major',
        tz: 'UTC',
        now: '2025-01-08T22:30:00Z',
        open: false,
        next: '2025-01-09T22:00:00.000Z',
      },
      // crossing midnight: the nightly window opened at 22:00 the day before
      { releaseType: 'minor', tz: 'UTC', now: '2025-01-10T05:59:00Z', open: true, next: undefined },
      { releaseType: 'minor', tz: 'UTC', now: '2025-01-10T00:00:00Z', open: true, next: undefined },
      {
        releaseType: 'minor',
        tz: 'UTC',
        now: '2025-01-10T06:00:00Z',
        open: false,
        next: '2025-01-10T22:00:00.000Z',
      },
      // America/New_York: Thursday 22:00 EST is Friday 03:00 UTC
      {
        releaseType: 'major',
        tz: 'America/New_York',
        now: '2025-01-09T22:00:00Z',
        open: false,
        next: '2025-01-10T03:00:00.000Z',
      },
      {
        releaseType: 'major',
        tz: 'America/New_York',
        now: '2025-01-10T03:00:00Z',
        open: true,
        next: undefined,
      },
      {
        releaseType: 'major',
        tz: 'America/New_York',
        now: '2025-01-10T04:59:00Z',
        open: true,
        next: undefined,
      },
      {
        releaseType: 'major',
        tz: 'America/New_York',
        now: '2025-01-10T05:00:00Z',
        open: false,
        next: '2025-01-17T03:00:00.000Z',
      },
      // across the DST change: the next Thursday 22:00 is EDT, 02:00 UTC
      {
        releaseType: 'major',
        tz: 'America/New_York',
        now: '2025-03-08T00:00:00Z',
        open: false,
        next: '2025-03-14T02:00:00.000Z',
      },
      // east of Greenwich: Thursday 22:00 in Tokyo is Thursday 13:00 UTC
      { releaseType: 'major', tz: 'Asia/Tokyo', now: '2025-01-09T13:30:00Z', open: true, next: undefined },
      {
        releaseType: 'major',
        tz: 'Asia/Tokyo',
        now: '2025-01-09T22:00:00Z',
        open: false,
        next: '2025-01-16T13:00:00.000Z',
      },
      // anytime
      { releaseType: 'patch', tz: 'UTC', now: '2025-01-08T10:00:00Z', open: true, next: undefined },
      {
        releaseType: 'hotfix',
        tz: 'America/New_York',
        now: '2025-01-08T10:00:00Z',
        open: true,
        next: undefined,
      },
    ] as const)(
      '$releaseType in $tz at $now: open $open, next opens $next',
      ({ releaseType, tz, now, open, next }) => {
        // Act
        const decision = evaluatePolicy(input(releaseType, now, configWith(windowsIn(tz))));
        // Assess
        expect(decision.allowed).toBe(open);
        expect(decision.window.open).toBe(open);
        expect(decision.window.nextOpensAt).toBe(next);
        expect(decision.reasons.length).toBeGreaterThan(0);
        if (!open) {
          expect(decision.reasons).toContain(decision.window.detail);
          expect(decision.reasons.join(' ')).toContain(next);
          expect(decision.window.detail).toContain('closed');
          expect(decision.window.detail).toContain(tz);
        }
      },
    );

    it('names the window, its schedule and the local time in the detail', () => {
      const decision = evaluatePolicy(
        input('major', '2025-01-08T15:00:00Z', configWith(windowsIn('America/New_York'))),
      );
      expect(decision.window).toEqual({
        name: 'planned-maintenance',
        open: false,
        detail:
          'major releases deploy in window "planned-maintenance" (thu 22:00 for 2 h, America/New_York), ' +
          'which is closed: it is wed 10:00 there now',
        nextOpensAt: '2025-01-10T03:00:00.000Z',
      });
    });

    it.each([
      { name: 'a window crossing the end of the week', now: '2025-01-13T00:30:00Z', open: true },
      { name: 'just after it closes on Monday', now: '2025-01-13T01:00:00Z', open: false },
    ])('handles $name', ({ now, open }) => {
      const windows = windowsIn('UTC', {
        named: { sunday: [{ days: ['sun'], start: '23:00', durationMinutes: 120 }] },
        byReleaseType: { major: 'sunday' },
      });
      expect(evaluatePolicy(input('major', now, configWith(windows))).window.open).toBe(open);
    });

    it('treats a release type missing from byReleaseType as anytime', () => {
      const windows = windowsIn('UTC', { byReleaseType: { major: 'planned-maintenance' } });
      const decision = evaluatePolicy(input('minor', '2025-01-08T10:00:00Z', configWith(windows)));
      expect(decision.window).toEqual({
        name: 'anytime',
        open: true,
        detail: 'minor releases may deploy at any time',
      });
    });

    it('fails with ConfigError naming an undefined window', () => {
      const windows = windowsIn('UTC', { byReleaseType: { major: 'weekend' } });
      expect(() => evaluatePolicy(input('major', '2025-01-08T10:00:00Z', configWith(windows)))).toThrow(
        new ConfigError(
          'deployment window "weekend" is not defined in windows.named (defined: planned-maintenance, low-traffic); define it or use "anytime"',
        ),
      );
    });

    it('fails with ConfigError naming an unknown time zone', () => {
      const config = configWith(windowsIn('Mars/Olympus_Mons'));
      expect(() => evaluatePolicy(input('major', '2025-01-08T10:00:00Z', config))).toThrow(ConfigError);
      expect(() => evaluatePolicy(input('major', '2025-01-08T10:00:00Z', config))).toThrow(
        /"Mars\/Olympus_Mons"/,
      );
    });
  });

  describe('freezes', () => {
    const yearEnd = {
      from: '2025-12-20T00:00:00Z',
      to: '2026-01-05T00:00:00Z',
      reason: 'year-end',
      allow: ['hotfix' as const],
      approvals: [],
    };
    const frozen = configWith(windowsIn('UTC', { freezes: [yearEnd] }));

    it.each([
      { releaseType: 'hotfix', now: '2025-12-24T10:00:00Z', allowed: true, next: undefined },
      { releaseType: 'patch', now: '2025-12-24T10:00:00Z', allowed: false, next: '2026-01-05T00:00:00.000Z' },
      // the first Thursday 22:00 after the freeze, 15 days away
      { releaseType: 'major', now: '2025-12-24T10:00:00Z', allowed: false, next: '2026-01-08T22:00:00.000Z' },
      { releaseType: 'major', now: '2025-12-30T10:00:00Z', allowed: false, next: '2026-01-08T22:00:00.000Z' },
      { releaseType: 'patch', now: '2025-12-19T23:59:59Z', allowed: true, next: undefined },
      { releaseType: 'patch', now: '2025-12-20T00:00:00Z', allowed: false, next: '2026-01-05T00:00:00.000Z' },
      { releaseType: 'patch', now: '2026-01-05T00:00:00Z', allowed: true, next: undefined },
    ] as const)(
      '$releaseType at $now: allowed $allowed, next $next',
      ({ releaseType, now, allowed, next }) => {
        const decision = evaluatePolicy(input(releaseType, now, frozen));
        expect(decision.allowed).toBe(allowed);
        expect(decision.window.nextOpensAt).toBe(next);
      },
    );

    it('names the freeze, its dates and the allowed types when it refuses', () => {
      const decision = evaluatePolicy(input('patch', '2025-12-24T10:00:00Z', frozen));
      expect(decision.reasons).toEqual([
        'freeze "year-end" from 2025-12-20T00:00:00.000Z to 2026-01-05T00:00:00.000Z stops patch releases (it allows only hotfix)',
        'the next time a patch release may deploy is 2026-01-05T00:00:00.000Z',
      ]);
      expect(decision.window.open).toBe(true);
    });

    it('finds the opening after freezes that follow each other', () => {
      const january = {
        from: '2026-01-05T00:00:00Z',
        to: '2026-02-02T00:00:00Z',
        reason: 'audit',
        allow: [],
        approvals: [],
      };
      const config = configWith(windowsIn('UTC', { freezes: [yearEnd, january] }));
      const decision = evaluatePolicy(input('major', '2025-12-24T10:00:00Z', config));
      expect(decision.window.nextOpensAt).toBe('2026-02-05T22:00:00.000Z');
      expect(decision.reasons).toHaveLength(3);
    });

    it('says when no time allows the release (a freeze until the end of time)', () => {
      const forever = {
        from: '2025-01-01T00:00:00Z',
        to: '+275760-09-13T00:00:00Z',
        reason: 'retired',
        allow: [],
        approvals: [],
      };
      const decision = evaluatePolicy(
        input('major', '2025-12-24T10:00:00Z', configWith(windowsIn('UTC', { freezes: [forever] }))),
      );
      expect(decision.window.nextOpensAt).toBeUndefined();
      expect(decision.reasons).toContain(
        'no time in the next 400 days has the window open and no freeze stopping a major release',
      );
    });

    it('notes a freeze that allows the release type', () => {
      const decision = evaluatePolicy(input('hotfix', '2025-12-24T10:00:00Z', frozen));
      expect(decision.reasons).toContain(
        'freeze "year-end" from 2025-12-20T00:00:00.000Z to 2026-01-05T00:00:00.000Z is in force, but allows hotfix releases',
      );
    });

    it('finds the opening when a freeze ends inside an open window', () => {
      const shortFreeze = {
        from: '2025-01-09T21:00:00Z',
        to: '2025-01-09T23:00:00Z',
        reason: 'db upgrade',
        allow: [],
        approvals: [],
      };
      const config = configWith(windowsIn('UTC', { freezes: [shortFreeze] }));
      const decision = evaluatePolicy(input('major', '2025-01-09T22:30:00Z', config));
      expect(decision.allowed).toBe(false);
      expect(decision.window.open).toBe(true);
      expect(decision.window.nextOpensAt).toBe('2025-01-09T23:00:00.000Z');
    });
  });

  describe('promotion (seed 000 §2.3: production only after staging)', () => {
    const promoted = configWith(windowsIn('UTC'), { promotion: { requireSuccessIn: 'staging' } });

    it.each([
      { succeeded: true, promotion: promoted, allowed: true, text: 'succeeded in staging first' },
      {
        succeeded: false,
        promotion: promoted,
        allowed: false,
        text: 'version 1.4.2 of shop has not succeeded in staging',
      },
      {
        succeeded: null,
        promotion: promoted,
        allowed: false,
        text: 'could not confirm that version 1.4.2 of shop succeeded in staging',
      },
      {
        succeeded: null,
        promotion: configWith(windowsIn('UTC')),
        allowed: true,
        text: 'patch releases need approval from 1 × manager',
      },
    ])('with success $succeeded: allowed $allowed', ({ succeeded, promotion, allowed, text }) => {
      const decision = evaluatePolicy(input('patch', '2025-01-08T10:00:00Z', promotion, succeeded));
      expect(decision.allowed).toBe(allowed);
      expect(decision.reasons.join(' | ')).toContain(text);
    });

    it('names the environment, the source and the version when it refuses', () => {
      const decision = evaluatePolicy(input('patch', '2025-01-08T10:00:00Z', promoted, false));
      expect(decision.reasons).toEqual([
        'version 1.4.2 of shop has not succeeded in staging; production only takes versions that succeeded in staging ' +
          'first (promotion.requireSuccessIn). Deploy it to staging first',
      ]);
    });

    it('lists every refusal at once: window closed and promotion missing', () => {
      const decision = evaluatePolicy(input('major', '2025-01-08T10:00:00Z', promoted, false));
      expect(decision.reasons).toHaveLength(3);
    });
  });

  describe('approvals', () => {
    it.each([
      { approvals: seed000Approvals, releaseType: 'major', expected: [{ role: 'cab', count: 1 }] },
      { approvals: seed000Approvals, releaseType: 'minor', expected: [{ role: 'team-lead', count: 1 }] },
      { approvals: seed000Approvals, releaseType: 'patch', expected: [{ role: 'manager', count: 1 }] },
      {
        approvals: seed000Approvals,
        releaseType: 'hotfix',
        expected: [
          { role: 'manager', count: 1 },
          { role: 'ciso', count: 1 },
        ],
      },
      {
        approvals: seed002ProductionApprovals,
        releaseType: 'major',
        expected: seed002ProductionApprovals.major,
      },
      { approvals: {}, releaseType: 'major', expected: [] },
    ] as const)('$releaseType needs $expected', ({ approvals, releaseType, expected }) => {
      const config = { approvals, windows: windowsIn('UTC', { byReleaseType: {} }) };
      const decision = evaluatePolicy(input(releaseType, '2025-01-08T10:00:00Z', config));
      expect(decision.approvals).toEqual(expected);
      expect(decision.allowed).toBe(true);
    });

    it('returns copies the caller may change without touching the preset', () => {
      const decision = evaluatePolicy(input('hotfix', '2025-01-08T10:00:00Z', configWith(windowsIn('UTC'))));
      decision.approvals[0]!.count = 5;
      expect(seed000Approvals.hotfix?.[0]?.count).toBe(1);
    });

    it('says when no approvals are needed', () => {
      const decision = evaluatePolicy(
        input('patch', '2025-01-08T10:00:00Z', { approvals: {}, windows: windowsIn('UTC') }),
      );
      expect(decision.reasons).toContain('patch releases need no approvals');
    });
  });
});
