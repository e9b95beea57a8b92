import { seed000Approvals, seed000Verify, seed000Windows } from '../core/presets.ts';
import { type Preset, plannedReleases } from './preset.ts';

/** Seed 000, the VIOE Deployment & Environment Guide. Sections are the guide's own (§n.n). */
export const vioe: Preset = {
  name: 'vioe',
  title: 'VIOE Deployment & Environment Guide',
  seed: '000_f244fa7521632a82.txt',
  environments: {
    // §2.2 Development: "Updates: Continuous", and no controls named: fast and lenient.
    dev: {
      policy: {
        trafficPlan: [
          { weightPercent: 50, bakeSeconds: 60 },
          { weightPercent: 100, bakeSeconds: 60 },
        ],
        standbySeconds: 900,
        verify: { ...seed000Verify, onInsufficientData: 'proceed', minRequests: 10 },
        backup: { enabled: false },
      },
    },
    // §2.3 Staging: "Must mirror production configuration", so production's switch and
    // thresholds; §4.3: staging deploys Wednesday AM, with no approval named for it.
    staging: {
      policy: {
        // §3.3: "Traffic switched from Blue to Green", one switch, watched after (§5.1 Step 3).
        trafficPlan: [{ weightPercent: 100, bakeSeconds: 900 }],
        verify: seed000Verify,
        standbySeconds: 3600,
      },
      // §11.4: backup verification weekly, restore test monthly; §11.1: RTO 4 h, RPO 1 h.
      dr: {
        rtoMinutes: 240,
        rpoMinutes: 60,
        backupVerification: 'cron(0 3 ? * MON *)',
        restoreTest: 'cron(0 4 1 * ? *)',
      },
    },
    production: {
      policy: {
        // §3.3: one switch from blue to green; §5.1 Step 3 "Verify metrics: Post-deploy". The
        // guide gives no watch time: 15 minutes here, on top of VerifyGreen's pre-traffic trial.
        trafficPlan: [{ weightPercent: 100, bakeSeconds: 900 }],
        // §6.1: 3 health-check failures, error rate +5 points, response time +300%; §10.2 p95 2 s.
        verify: seed000Verify,
        // §4.2: the approvals of each release type.
        approvals: seed000Approvals,
        // §7.4 Emergency Change Process: the fix goes out "ASAP" on the manager's word (the hotfix
        // approvals above), then "Post-hoc approval: Within 24 hours". The guide names no
        // approver for it: the CAB, which approves the documented change request (assumed).
        approvalsAfter: { hotfix: { approvals: [{ role: 'cab', count: 1 }], withinSeconds: 86_400 } },
        // §5.1 Step 3: "Notify stakeholders: 1 hour before"; §4.2: patches "Anytime with
        // notice"; hotfixes are "Immediate", so they need none.
        notice: { major: 3600, minor: 3600, patch: 3600 },
        // §4.2/§4.3: major in the Thursday 22:00 maintenance window, minor at night, patch and
        // hotfix at any time. The guide names no time zone: set `timeZone` to yours.
        windows: {
          ...seed000Windows,
          freezes: [
            {
              // §4.3: "Code freeze: Tuesday 5 PM", then staging Wednesday and production Thursday
              // 22:00: nothing else reaches production from the freeze until the release window.
              // §4.2: a hotfix is "Immediate" with Manager + CISO, its own approvals.
              weekly: { days: ['tue'], start: '17:00', durationMinutes: 53 * 60 },
              reason: 'weekly code freeze (§4.3)',
              allow: ['hotfix'],
              approvals: [],
            },
          ],
        },
        // §2.3: "Must pass all tests before production promotion".
        promotion: { requireSuccessIn: 'staging' },
        // §4.4 Pre-Release, item by item. The guide names no one to attest them: the roles are
        // assumed (the pipeline's test and scan stages, the release manager, the team lead).
        // "Change request approved" is the request's changeRequestId with its approval gate.
        // §7.4: a hotfix goes out "ASAP" with its change request documented during the fix, so
        // it needs only the tests and the rollback plan before it starts.
        checklist: [
          { id: 'tests-passing', title: 'All tests passing', role: 'ci' },
          {
            id: 'security-scan',
            title: 'Security scan complete',
            role: 'ci',
            releaseTypes: plannedReleases,
          },
          {
            id: 'performance-benchmarks',
            title: 'Performance benchmarks met',
            role: 'ci',
            releaseTypes: plannedReleases,
          },
          {
            id: 'release-notes',
            title: 'Release notes prepared',
            role: 'release-manager',
            releaseTypes: plannedReleases,
          },
          { id: 'rollback-plan', title: 'Rollback plan documented', role: 'team-lead' },
          {
            id: 'stakeholders-notified',
            title: 'Stakeholders notified',
            role: 'release-manager',
            releaseTypes: plannedReleases,
          },
        ],
        // §3.3: "Blue becomes standby for rollback", for no stated time; §4.3 watches the
        // Thursday 22:00 release through Friday, so blue stays hot for that day.
        standbySeconds: 86_400,
        // §5.3 step 1: the database is backed up before a migration; §11.2: snapshots kept 30 days.
        backup: { enabled: true, retentionDays: 30 },
        // §6.3: "Execute rollback script: Pre-written for each migration".
        rollback: { database: 'down-scripts' },
      },
      dr: {
        rtoMinutes: 240,
        rpoMinutes: 60,
        backupVerification: 'cron(0 3 ? * MON *)',
        restoreTest: 'cron(0 4 1 * ? *)',
      },
    },
  },
  gaps: ['alerts on CPU over 80%, memory over 85%, disk over 80%, connections over 80% of max (§10.2)'],
};
