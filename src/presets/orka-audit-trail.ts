import { seed003StandbySeconds, seed003TrafficPlan, seed003Verify } from '../core/presets.ts';
import { assumedDrTargets, type Preset } from './preset.ts';

/** Seed 003, Orka's Production Deployment Guide (Task 22.7, AI audit trail). Sections are its headings. */
export const orkaAuditTrail: Preset = {
  name: 'orka-audit-trail',
  title: 'Task 22.7: Production Deployment Guide (Orka, AI-empowered audit trail)',
  seed: '003_8a1017f06a038b15.txt',
  environments: {
    // Prerequisites Checklist: "Staging deployment successful", "24-48 hour staging monitoring".
    staging: {
      policy: {
        trafficPlan: structuredClone(seed003TrafficPlan),
        verify: seed003Verify,
        standbySeconds: 3600,
      },
    },
    production: {
      policy: {
        // Steps 4–6: 10% for 5 minutes, 50% for 5 minutes, then 100% "Monitor intensively for 30 minutes".
        trafficPlan: [
          ...structuredClone(seed003TrafficPlan).slice(0, 2),
          { weightPercent: 100, bakeSeconds: 1800 },
        ],
        // Rollback Plan → Immediate Rollback: error rate over 5%, performance degraded over 50%.
        verify: seed003Verify,
        // Success Criteria, and Steps 4–6's "Verification": error rate < 0.1%, p95 < 200 ms at
        // every step. Between those and the rollback line the guide neither aborts nor goes on:
        // Step 4 "Wait 5 minutes and verify stability", so a miss holds the step for another
        // bake, twice (an assumption: the guide gives no count), before it rolls back.
        successCriteria: { maxErrorRatePercent: 0.1, maxP95Ms: 200, onMiss: 'hold', maxHolds: 2 },
        // Prerequisites Checklist → Approvals: five teams, one approval each, for every release.
        approvals: Object.fromEntries(
          (['major', 'minor', 'patch', 'hotfix'] as const).map((type) => [
            type,
            ['product-owner', 'engineering-lead', 'security', 'compliance', 'devops'].map((role) => ({
              role,
              count: 1,
            })),
          ]),
        ),
        // Communication Plan: "Before Deployment (T-24h): Email to all stakeholders".
        notice: { major: 86_400, minor: 86_400, patch: 86_400, hotfix: 86_400 },
        // Prerequisites Checklist: staging first, with its 24–48 h of monitoring.
        promotion: { requireSuccessIn: 'staging' },
        // Prerequisites Checklist → Testing & Validation, Documentation, Infrastructure, each
        // item attested by the team the guide's Approvals list names for it (assumed). Its
        // "Staging deployment successful" is the promotion rule, "Database backup completed"
        // the Backup step, and its Approvals the approval gate: not repeated here.
        checklist: [
          { id: 'tests-passing', title: 'All tests passing', role: 'engineering-lead' },
          { id: 'security-audit', title: 'Security audit completed and passed', role: 'security' },
          {
            id: 'performance-testing',
            title: 'Performance testing completed and passed',
            role: 'engineering-lead',
          },
          {
            id: 'compliance-validation',
            title: 'Compliance validation completed and passed',
            role: 'compliance',
          },
          { id: 'staging-smoke-tests', title: 'Smoke tests in staging passed', role: 'devops' },
          { id: 'staging-monitoring', title: '24-48 hour staging monitoring completed', role: 'devops' },
          { id: 'no-critical-issues', title: 'No critical issues in staging', role: 'engineering-lead' },
          { id: 'deployment-guide', title: 'Deployment guide reviewed', role: 'devops' },
          { id: 'rollback-plan', title: 'Rollback plan prepared', role: 'devops' },
          { id: 'monitoring-plan', title: 'Monitoring plan prepared', role: 'devops' },
          { id: 'communication-plan', title: 'Communication plan prepared', role: 'product-owner' },
          { id: 'user-documentation', title: 'User documentation complete', role: 'product-owner' },
          { id: 'production-ready', title: 'Production environment ready', role: 'devops' },
          { id: 'alerts-configured', title: 'Monitoring and alert systems configured', role: 'devops' },
          { id: 'rollback-environment', title: 'Rollback environment prepared', role: 'devops' },
        ],
        // Step 2: "kubectl wait --for=condition=ready … --timeout=300s".
        deployGreen: { maxWaitSeconds: 300 },
        // Step 8: blue is decommissioned at T+60 min, T-0 being the move to 100%: the 30-minute
        // watch at 100% and then 30 minutes of standby.
        standbySeconds: seed003StandbySeconds - 1800,
        // Step 1: pg_dump before anything; Step 8: "Keep blue database for 7 days (rollback window)".
        backup: { enabled: true, retentionDays: 7 },
        // Rollback Plan → Database Rollback: "pg_restore" of the backup, once writes are stopped.
        rollback: { database: 'restore-with-approval' },
      },
      dr: assumedDrTargets(
        'The guide sets no RTO or RPO: it backs up before each deployment (Step 1) and keeps the blue database 7 days (Step 8)',
      ),
    },
  },
  // Step 3 "Run smoke tests": the health endpoints, and an audit event written and answered.
  smokeTests: [
    '/health',
    '/health/ready',
    {
      path: '/api/audit/events',
      method: 'POST',
      body: { action: 'deployment.smoke-test', source: 'greenlight' },
      expect: { status: [200, 201], bodyIncludes: '"id"' },
    },
  ],
  // Step 5 "./scripts/verify_audit_trail.sh green" (and Steps 4 and 6's checks) as hooks: before
  // any traffic and after each step. On AWS a function; locally give a command instead.
  hooks: {
    beforeTraffic: [
      {
        name: 'verify-audit-trail',
        lambda: 'arn:aws:lambda:eu-west-1:123456789012:function:orka-verify-audit-trail',
        timeoutSeconds: 30,
      },
    ],
    afterStep: [
      {
        name: 'verify-audit-trail',
        lambda: 'arn:aws:lambda:eu-west-1:123456789012:function:orka-verify-audit-trail',
        timeoutSeconds: 30,
      },
    ],
  },
  gaps: ['alerts: CPU over 90%, memory over 90%, database connections over 45 (Alert Thresholds)'],
};
