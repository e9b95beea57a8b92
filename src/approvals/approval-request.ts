/**
 * The approval request: one approval-needed notification per required role, each with an
 * approve and a reject link per approver of that role. Pure: nonces and time are passed in.
 */

import { renderNotification } from '../notifications/templates.ts';
import type { Notification } from '../ports/notifier.ts';
import type { ApprovalRequirement } from '../schema/config.ts';
import type { DeployState } from '../schema/deploy-state.ts';
import { type ApprovalDecision, type LinkKeys, signApprovalLink } from './approval-link.ts';
import type { ApproverDirectory } from './approver-directory.ts';

export interface LinkSettings {
  readonly keys: LinkKeys;
  /** The approval endpoint, e.g. `https://abc.lambda-url.eu-west-1.on.aws/`. */
  readonly baseUrl: string;
  readonly directory: ApproverDirectory;
  /** Links expire after this, or with the approval task, whichever is first. @default 86400 */
  readonly linkTtlSeconds?: number;
}

export interface ApprovalRequestInput {
  readonly state: DeployState;
  readonly requirements: readonly ApprovalRequirement[];
  readonly nowMs: number;
  readonly timeoutSeconds: number;
  /** Null: no key or endpoint is configured, so the email only explains the CLI path. */
  readonly links: LinkSettings | null;
  readonly newNonce: () => string;
  /**
   * Set when re-sending the request (the approval reminder): the subject says so, and people
   * who have already approved get no links (they cannot count twice).
   */
  readonly reminder?: ReminderContext;
}

export interface ReminderContext {
  /** Why the reminder went out (`decideReminder`'s reason). */
  readonly reason: string;
  /** Normalised identities of those who have approved. */
  readonly alreadyApproved: readonly string[];
}

/**
 * The approval requirements of a deployment, as Preflight's policy decided them. A state
 * frozen before Preflight recorded them falls back to its release type's, which was the rule then.
 */
export function requirementsOf(state: DeployState): ApprovalRequirement[] {
  const requirements = state.approval.requirements ?? state.config.approvals[state.request.releaseType] ?? [];
  return requirements.map((r) => ({ ...r }));
}

/** A link to the endpoint carrying a signed token. */
export function approvalUrl(baseUrl: string, token: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

/** One notification per required role, in the requirements' order. */
export function buildApprovalRequests(input: ApprovalRequestInput): Notification[] {
  const { state, nowMs, links, reminder } = input;
  const base = renderNotification('approval-needed', state, { nowMs });
  const approved = new Set(reminder?.alreadyApproved ?? []);
  const expiresAtMs = nowMs + Math.min(input.timeoutSeconds, links?.linkTtlSeconds ?? 86_400) * 1000;
  return input.requirements.map((requirement) => {
    const fields: Record<string, string> = {
      ...base.fields,
      Role: requirement.role,
      'Approvers needed': `${requirement.count} distinct ${requirement.role} approver(s)`,
      ...(reminder && {
        Reminder: reminder.reason,
        'Already approved': reminder.alreadyApproved.join(', ') || 'nobody yet',
      }),
    };
    const listed = links?.directory[requirement.role] ?? [];
    const people = listed.filter((person) => !approved.has(person));
    if (links && people.length > 0) {
      fields['Links expire'] = new Date(expiresAtMs).toISOString();
      for (const approver of people) {
        const link = (decision: ApprovalDecision) =>
          approvalUrl(
            links.baseUrl,
            signApprovalLink(
              {
                deploymentId: state.deployment.id,
                step: 'approval',
                role: requirement.role,
                approver,
                decision,
                expiresAtMs,
                nonce: input.newNonce(),
              },
              links.keys.current,
            ),
          );
        fields[`Approve as ${approver}`] = link('approve');
        fields[`Reject as ${approver}`] = link('reject');
      }
    } else {
      fields.Links = !links
        ? 'approval links are not configured; use the CLI'
        : listed.length > 0
          ? `every ${requirement.role} approver listed in GREENLIGHT_APPROVERS has approved; another one must use the CLI`
          : `no ${requirement.role} approvers are listed in GREENLIGHT_APPROVERS; use the CLI`;
    }
    const body = [
      base.body.split('\n')[0] ?? 'APPROVAL NEEDED',
      '',
      ...Object.entries(fields).map(([key, value]) => `${key}: ${value}`),
      '',
      'Each link works once, only for the person named, and only until it expires.',
    ].join('\n');
    return {
      severity: base.severity,
      subject: `${reminder ? base.subject.replace('[Greenlight] ', '[Greenlight] Reminder: ') : base.subject} (${requirement.role})`,
      body,
      fields,
    };
  });
}
