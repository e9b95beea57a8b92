import { causeMessage } from '../handlers/failure-text.ts';
import type { Notification, Severity } from '../ports/notifier.ts';
import type { DeployState } from '../schema/deploy-state.ts';

export const templateNames = [
  'started',
  'approval-needed',
  'succeeded',
  'rolled-back',
  'rollback-failed',
  'restore-approval-needed',
  'restored',
  'after-the-fact-overdue',
  'after-the-fact-rejected',
  'alarm-after-promotion',
] as const;
export type TemplateName = (typeof templateNames)[number];

interface RenderOptions {
  readonly nowMs: number;
  /** Why it is sent, for the pages that say so (after the fact: what is overdue or who rejected). */
  readonly why?: string;
}

const severityOf: Record<TemplateName, Severity> = {
  started: 'info',
  'approval-needed': 'warning',
  succeeded: 'info',
  'rolled-back': 'critical',
  'rollback-failed': 'critical',
  // A data decision is pending and the lock is held until it is made: page someone.
  'restore-approval-needed': 'critical',
  restored: 'critical',
  // A live release is missing the approvals it owes, or was refused them: page someone.
  'after-the-fact-overdue': 'critical',
  'after-the-fact-rejected': 'critical',
  // The live release breaches after its standby: nothing rolls back by itself any more.
  'alarm-after-promotion': 'critical',
};

/**
 * A field's value on one line: control characters and line breaks become spaces, so no value
 * can start a line of its own and pass for another field (a `requestedBy` with a newline once
 * added "Current Status: Stable" to a page).
 */
export const oneLine = (value: string): string => value.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');

/** Renders a notification from the deployment state. Field order is the template's order. */
export function renderNotification(
  template: TemplateName,
  state: DeployState,
  options: RenderOptions,
): Notification {
  return assemble(severityOf[template], titles[template], state, fieldsFor(template, state, options));
}

/** Subject and body of every notification: the title, then one line per field, in order. */
function assemble(
  severity: Severity,
  title: string,
  { deployment }: DeployState,
  fields: Record<string, string>,
): Notification {
  const subject = `[Greenlight] ${title}: ${deployment.service} ${deployment.version} in ${deployment.environment}`;
  const body = [
    title.toUpperCase(),
    '',
    ...Object.entries(fields).map(([key, value]) => `${key}: ${oneLine(value)}`),
  ].join('\n');
  return { severity, subject: oneLine(subject), body, fields };
}

const titles: Record<TemplateName, string> = {
  started: 'Deployment started',
  'approval-needed': 'Approval needed',
  succeeded: 'Deployment succeeded',
  'rolled-back': 'Rollback notification',
  'rollback-failed': 'Rollback FAILED',
  'restore-approval-needed': 'Database restore awaits approval',
  restored: 'Database restored from snapshot',
  'after-the-fact-overdue': 'Approval after the fact OVERDUE',
  'after-the-fact-rejected': 'Approval after the fact REJECTED',
  'alarm-after-promotion': 'Alarm on the live release (extended monitoring)',
};

function fieldsFor(
  template: TemplateName,
  state: DeployState,
  { nowMs, why }: RenderOptions,
): Record<string, string> {
  const { deployment, request } = state;
  const time = new Date(nowMs).toISOString();
  const common = {
    Time: time,
    Environment: deployment.environment,
    Service: deployment.service,
    Version: deployment.version,
    'Change request': request.changeRequestId,
    'Requested by': request.requestedBy,
    Deployment: deployment.id,
  };
  switch (template) {
    case 'started': {
      const owed = state.config.approvalsAfter[request.releaseType];
      return {
        ...common,
        Plan: planSummary(state),
        Approvals: state.approval.summary,
        ...(owed && {
          'Approvals after the fact': `${owed.approvals.map((a) => `${a.count}× ${a.role}`).join(', ')} within ${owed.withinSeconds / 3600} h: greenlight approve ${deployment.id} --step after-the-fact --role <role>`,
        }),
      };
    }
    case 'approval-needed':
      return {
        ...common,
        'Release type': request.releaseType,
        'Approvals required': state.approval.summary,
        'How to approve': `greenlight approve ${deployment.id}   (or reject: greenlight reject ${deployment.id})`,
      };
    case 'succeeded':
      return {
        ...common,
        'Live colour': deployment.targetColour,
        Previous: `${deployment.liveVersion ?? 'none'} on ${deployment.liveColour} (decommissioned after standby)`,
        Plan: planSummary(state),
      };
    case 'rolled-back':
    case 'rollback-failed':
      return rollbackFields(template, state, time);
    case 'restore-approval-needed':
      return {
        ...common,
        Snapshot: state.rollback?.snapshotId ?? 'unknown',
        'What a restore does': `puts the database back to the snapshot taken before ${deployment.version} was deployed; every write made since is moved aside (kept in a renamed copy, never deleted), not merged`,
        Why: state.rollback?.reason ?? 'the rollback policy asks for a restore',
        'How to decide': `greenlight approve ${deployment.id} --step restore   (or decline: greenlight reject ${deployment.id} --step restore)`,
        'If nobody answers': `no restore within ${state.config.rollback.restoreApprovalTimeoutSeconds}s; the lock on ${deployment.service}/${deployment.environment} is held until then`,
      };
    case 'after-the-fact-overdue':
      return {
        ...common,
        'Release type': request.releaseType,
        Why: why ?? 'unknown',
        'How to answer': `greenlight approve ${deployment.id} --step after-the-fact --role <role>   (or reject: greenlight reject ${deployment.id} --step after-the-fact --role <role>)`,
      };
    case 'after-the-fact-rejected':
      return {
        ...common,
        'Release type': request.releaseType,
        Why: why ?? 'unknown',
        'What now': `the release is live: roll it back (greenlight rollback ${deployment.id}, during its standby) or deploy a fix`,
      };
    case 'alarm-after-promotion':
      return {
        ...common,
        'Live colour': deployment.targetColour,
        Alarm: why ?? 'unknown',
        'What now': `blue is decommissioned, so nothing rolls back by itself: deploy ${deployment.liveVersion ?? 'the previous version'} again, or a fix`,
      };
    case 'restored':
      return {
        ...common,
        Snapshot: state.restore?.snapshotId ?? 'unknown',
        Database: state.restore?.databaseId ?? 'unknown',
        'Pre-restore data kept as': state.restore?.keptAs ?? 'unknown',
        Resolution: `The database serves the snapshot again. Reconcile or delete ${state.restore?.keptAs ?? 'the kept copy'} by hand once its writes are accounted for.`,
      };
  }
}

/** What `functions/reconcile` found and did, for the reconciled template. */
export interface ReconcileReport {
  readonly executionStatus: string;
  readonly executionCause: string;
  readonly actionTaken: string;
  readonly stable: boolean;
}

/** The reconciled notification: the deployment's own fields, and what was done. */
export function renderReconciled(
  state: DeployState,
  report: ReconcileReport,
  options: RenderOptions,
): Notification {
  const { deployment } = state;
  const fields = {
    Time: new Date(options.nowMs).toISOString(),
    Environment: deployment.environment,
    Service: deployment.service,
    Version: deployment.version,
    Deployment: deployment.id,
    Reason: `the execution ended ${report.executionStatus} without closing the deployment: ${report.executionCause}`,
    'Action Taken': report.actionTaken,
    'Current Status': report.stable ? 'Stable' : 'Unstable: needs a human now',
    Contact: state.config.contact,
  };
  // An execution that ended this way was stopped by someone or timed out: page.
  return assemble('critical', 'Deployment ended without closing: reconciled', state, fields);
}

/** Seed 000 §6.4, field for field. */
function rollbackFields(template: TemplateName, state: DeployState, time: string): Record<string, string> {
  const { deployment, traffic, rollback } = state;
  const reason = state.failure ? `${state.failure.Error}: ${causeMessage(state.failure.Cause)}` : 'unknown';
  const previous = deployment.liveVersion ?? '(none: first deployment)';
  const impact = traffic.moved
    ? `${deployment.version} on ${deployment.targetColour} served up to ${traffic.weightPercent}% of requests (step ${traffic.stepIndex + 1} of ${traffic.stepsTotal})`
    : `no user traffic reached ${deployment.version}`;
  const failed = template === 'rollback-failed';
  return {
    Time: time,
    Environment: deployment.environment,
    Reason: reason,
    'Action Taken': failed
      ? `Rollback to version ${previous} attempted and FAILED: ${causeMessage(state.rollbackFailure?.Cause)}`
      : `Rollback to version ${previous}`,
    'Current Status': failed
      ? 'Unstable: needs a human now'
      : rollback?.blueServing === false
        ? 'Monitoring'
        : 'Stable',
    Impact: impact,
    Resolution: failed
      ? `The lock on ${deployment.service}/${deployment.environment} stays held. Check the listener and ${deployment.liveColour} now.`
      : `Traffic is 100% on ${deployment.liveColour} (${previous}). ${rollback?.reason ?? ''} Investigate ${deployment.targetColour}, fix, and deploy again.`.trim(),
    Contact: state.config.contact,
    Service: deployment.service,
    Deployment: deployment.id,
  };
}

function planSummary(state: DeployState): string {
  return state.config.trafficPlan
    .map((step) => `${step.weightPercent}% for ${step.bakeSeconds}s`)
    .join(' → ');
}
