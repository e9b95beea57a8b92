/**
 * The approval-link endpoint (a Lambda function URL with auth NONE: the HMAC is the auth).
 *
 * - `GET ?token=…` shows what the link would do and a confirm button. It only reads, so mail
 *   scanners that pre-fetch links cannot spend a single-use link or approve anything.
 * - `POST token=…[&reason=…]` (form or JSON) decides: verified, counted, acted on.
 * Every refusal changes nothing and answers with the reason.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  type ApprovalGateDeps,
  decideByLink,
  type GateOutcome,
  type GateRefusalReason,
} from './approval-gate.ts';
import { verifyApprovalLink } from './approval-link.ts';

type Result = APIGatewayProxyStructuredResultV2;

/** HTTP status per refusal: 403 not yours, 410 too late, 409 already done, 400 not for links. */
export const refusalStatus: Record<GateRefusalReason, number> = {
  forged: 403,
  tampered: 403,
  'wrong-role': 403,
  expired: 410,
  replayed: 409,
  'not-waiting': 409,
  'already-counted': 409,
  'unsupported-step': 400,
};

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(statusCode: number, title: string, paragraphs: string[], form = ''): Result {
  const body = [
    '<!doctype html><html><head><meta charset="utf-8"><title>Greenlight</title>',
    '<meta name="viewport" content="width=device-width"></head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    form,
    '</body></html>',
  ].join('');
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'none'; form-action 'self'",
    },
    body,
  };
}

function readBody(event: APIGatewayProxyEventV2): Record<string, string> {
  const text = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  const type = event.headers?.['content-type'] ?? event.headers?.['Content-Type'] ?? '';
  if (type.includes('application/json')) {
    try {
      const raw = JSON.parse(text) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function outcomePage(outcome: GateOutcome): Result {
  switch (outcome.status) {
    case 'refused':
      return page(refusalStatus[outcome.reason], `Refused: ${outcome.reason}`, [
        outcome.detail,
        'Nothing was changed.',
      ]);
    case 'recorded':
      return page(200, 'Approval recorded', [
        outcome.detail,
        'The deployment waits for the remaining approvers.',
      ]);
    case 'approved':
      return page(200, 'Approved: the deployment proceeds', [outcome.detail]);
    case 'rejected':
      return page(200, 'Rejected: the deployment stops', [outcome.detail, 'No traffic was moved.']);
  }
}

/** Builds the endpoint over the gate's dependencies (AWS in `functions/approval-endpoint`, fakes in tests). */
export function approvalLinkEndpoint(deps: ApprovalGateDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<Result> => {
    const method = event.requestContext.http.method;
    if (method === 'GET') {
      const token = event.queryStringParameters?.token ?? '';
      const verdict = verifyApprovalLink(token, { keys: await deps.keys(), nowMs: deps.clock.nowMs() });
      if (!verdict.valid) {
        return page(refusalStatus[verdict.reason], `Refused: ${verdict.reason}`, [
          verdict.detail,
          'Nothing was changed.',
        ]);
      }
      const { claims } = verdict;
      const reason =
        claims.decision === 'reject'
          ? '<p><label>Reason <textarea name="reason" maxlength="2000" required></textarea></label></p>'
          : '';
      const form = `<form method="post"><input type="hidden" name="token" value="${escapeHtml(token)}">${reason}<button type="submit">Confirm: ${escapeHtml(claims.decision)}</button></form>`;
      return page(
        200,
        `${claims.decision === 'approve' ? 'Approve' : 'Reject'} deployment ${claims.deploymentId}?`,
        [`You (${claims.approver}) are deciding as ${claims.role}.`, 'This link works once.'],
        form,
      );
    }
    if (method !== 'POST') return page(405, 'Use the link in the email', ['Only GET and POST are accepted.']);
    const { token = '', reason = '' } = readBody(event);
    return outcomePage(await decideByLink(deps, token, reason.slice(0, 2000)));
  };
}
