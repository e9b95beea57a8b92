import { seed002ProductionApprovals, seed003TrafficPlan } from '../core/presets.ts';
import { type Preset, plannedReleases } from './preset.ts';

/** Seed 002, the BTC Vault Protocol Deployment Procedures. Sections are its headings. */
export const btcVault: Preset = {
  name: 'btc-vault',
  title: 'BTC Vault Protocol Deployment Procedures',
  seed: '002_3be8738e25cb63f6.txt',
  environments: {
    // Environment Hierarchy → Staging: "Production-equivalent configuration with test data".
    staging: {
      policy: {
        trafficPlan: structuredClone(seed003TrafficPlan),
        standbySeconds: 3600,
      },
    },
    production: {
      policy: {
        // The procedures name no traffic steps: Greenlight's canary, 10/50/100 with 5-minute bakes
        // (the one seed 003 spells out).
        trafficPlan: structuredClone(seed003TrafficPlan),
        // Validation Criteria: "No degradation from baseline performance metrics". A zero (or
        // 10%) tolerance rolls healthy releases back on noise: the 10-second latency alarm saw a
        // healthy green +38% slower than blue at canary traffic. 50% is seed 003's line for it.
        verify: { maxLatencyIncreasePercent: 50 },
        // Production Deployment → Authorization Requirements; Deployment Window (emergencies).
        approvals: seed002ProductionApprovals,
        // Deployment Window: "Pre-approved maintenance windows only", days and times not given
        // (Saturday 02:00 for 4 h here); emergencies at any time with executive authorization.
        windows: {
          timeZone: 'UTC',
          named: { maintenance: [{ days: ['sat'], start: '02:00', durationMinutes: 240 }] },
          byReleaseType: {
            major: 'maintenance',
            minor: 'maintenance',
            patch: 'maintenance',
            hotfix: 'anytime',
          },
          freezes: [],
        },
        // Deployment Window: "48-hour advance notice to all stakeholders"; emergencies go at once.
        notice: { major: 48 * 3600, minor: 48 * 3600, patch: 48 * 3600 },
        // Staging Deployment: "Production Readiness: Final validation before production deployment".
        promotion: { requireSuccessIn: 'staging' },
        // Pre-Deployment Checklist, its three groups item by item, attested by the team each
        // group belongs to (the guide names the teams under Authorization Requirements).
        // "Compliance validation and regulatory approval" and "Change management approval and
        // authorization" are the approval gate's compliance and CAB roles, so not repeated here.
        // Deployment Window: emergencies go with executive authorization and documented
        // justification, so a hotfix needs only the tests and the rollback procedures.
        checklist: [
          {
            id: 'security-audit',
            title: 'Security audit completion and approval',
            role: 'security',
            releaseTypes: plannedReleases,
          },
          {
            id: 'penetration-testing',
            title: 'Penetration testing results review and remediation',
            role: 'security',
            releaseTypes: plannedReleases,
          },
          {
            id: 'security-code-review',
            title: 'Code review and approval by security team',
            role: 'security',
            releaseTypes: plannedReleases,
          },
          {
            id: 'vulnerability-assessment',
            title: 'Vulnerability assessment and mitigation verification',
            role: 'security',
            releaseTypes: plannedReleases,
          },
          { id: 'unit-tests', title: 'Unit test suite execution with 100% pass rate', role: 'ci' },
          { id: 'integration-tests', title: 'Integration test suite execution and validation', role: 'ci' },
          {
            id: 'performance-testing',
            title: 'Performance testing completion and acceptance',
            role: 'ci',
            releaseTypes: plannedReleases,
          },
          {
            id: 'load-testing',
            title: 'Load testing validation and capacity verification',
            role: 'ci',
            releaseTypes: plannedReleases,
          },
          {
            id: 'dr-testing',
            title: 'Disaster recovery testing and validation',
            role: 'operations',
            releaseTypes: plannedReleases,
          },
          {
            id: 'runbook-review',
            title: 'Deployment runbook review and approval',
            role: 'operations',
            releaseTypes: plannedReleases,
          },
          {
            id: 'rollback-procedures',
            title: 'Rollback procedures testing and validation',
            role: 'operations',
          },
          {
            id: 'monitoring-verified',
            title: 'Monitoring and alerting configuration verification',
            role: 'operations',
            releaseTypes: plannedReleases,
          },
          {
            id: 'documentation',
            title: 'Documentation update and review completion',
            role: 'operations',
            releaseTypes: plannedReleases,
          },
        ],
        // Post-Deployment Monitoring: "72-hour extended monitoring period": the alarms stay armed on
        // the new release for 72 h. Blue stays hot for the first 24 of them (the procedures give no
        // standby time; an assumption), so an alarm then rolls back, and pages after.
        standbySeconds: 24 * 3600,
        extendedMonitoringSeconds: 72 * 3600,
        // Rollback Execution: "Database rollback to last known good state", from verified backups.
        rollback: { database: 'restore-with-approval' },
      },
      // Recovery Time Objectives: critical systems 15 min; Recovery Point Objectives: user data
      // 5 min (financial data's zero loss needs point-in-time recovery, not a snapshot RPO);
      // Business Continuity → Testing and Validation: quarterly DR tests.
      dr: {
        rtoMinutes: 15,
        rpoMinutes: 5,
        backupVerification: 'cron(0 3 ? * MON *)',
        restoreTest: 'cron(0 4 1 1,4,7,10 ? *)',
      },
    },
  },
  gaps: ['RTO/RPO tiers per data class, with zero data loss for financial data (Disaster Recovery)'],
};
