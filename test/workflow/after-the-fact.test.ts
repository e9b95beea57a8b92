/**
 * Approvals after the fact (seed 000 §7.4) through the real deploy.asl.json and the approval
 * reminder on its schedule: a hotfix goes out first; its post-hoc approvals are due 24 hours
 * later; an overdue one pages once and the audit trail says so; the approvals given through the
 * IAM approval endpoint close it, and a person of the wrong role is refused with nothing changed.
 */
import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { approvalEndpoint } from '../../src/adapters/aws/approval-endpoint.ts';
import { afterTheFactEvents, afterTheFactField } from '../../src/approvals/after-the-fact.ts';
import { deployRequest, stagingConfig } from '../support/fixtures.ts';
import { createWorkflowHarness } from '../support/workflow-harness.ts';

const hour = 3_600_000;

function harnessOwingCab() {
  const harness = createWorkflowHarness({
    configs: {
      staging: stagingConfig({
        approvalsAfter: { hotfix: { approvals: [{ role: 'cab', count: 1 }], withinSeconds: 86_400 } },
      }),
    },
  });
  harness.ports.store.live.set('shop#staging', { colour: 'blue', version: '1.0.0' });
  return harness;
}

/** A POST to the IAM approval endpoint, signed (as Lambda would pass it) by `userArn`. */
const asIam = (userArn: string, body: object) =>
  ({
    requestContext: { http: { method: 'POST' }, authorizer: { iam: { userArn } } },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2WithIAMAuthorizer;

const overduePages = (harness: ReturnType<typeof harnessOwingCab>) =>
  harness.ports.notifier.sent.filter((n) =>
    n.subject.startsWith('[Greenlight] Approval after the fact OVERDUE'),
  );

describe('approvals after the fact (config.approvalsAfter)', () => {
  it('lets a hotfix out first, pages once when its approval is overdue, and closes when it is given', async () => {
    // Prepare
    const harness = harnessOwingCab();
    const endpoint = approvalEndpoint(harness.ports);

    // Act: the hotfix goes out; nobody approves for 25 hours.
    const execution = await harness.run(deployRequest({ releaseType: 'hotfix', version: '1.0.1' }));
    const startedAtMs = (await harness.ports.store.getDeployment('deploy-1'))?.startedAtMs ?? 0;
    await harness.clock.sleep(startedAtMs + 25 * hour - harness.clock.nowMs());
    const pagesAfterADay = overduePages(harness).length;
    await harness.clock.sleep(2 * hour);

    // Assess: out at once, paged once (not every 5 minutes), and the trail says so.
    expect(execution.status).toBe('SUCCEEDED');
    expect(harness.ports.notifier.sent[0]?.fields['Approvals after the fact']).toContain(
      '1× cab within 24 h',
    );
    expect(pagesAfterADay).toBe(1);
    expect(overduePages(harness)).toHaveLength(1);
    expect(overduePages(harness)[0]).toMatchObject({ severity: 'critical' });
    expect(overduePages(harness)[0]?.fields.Why).toContain('are overdue: still needed 1 × cab');
    const paged = (await harness.ports.store.listAudit('deploy-1')).filter(
      (e) => e.type === afterTheFactEvents.paged,
    );
    expect(paged.map((e) => e.detail.why)).toEqual(['overdue']);

    // Act: a developer tries, then a CAB member approves.
    const wrongRole = await endpoint(
      asIam('arn:aws:iam::1:user/dev', {
        deploymentId: 'deploy-1',
        decision: 'approve',
        role: 'developer',
        step: 'after-the-fact',
      }),
    );
    const auditAfterRefusal = await harness.ports.store.listAudit('deploy-1');
    const approved = await endpoint(
      asIam('arn:aws:iam::1:user/ana', {
        deploymentId: 'deploy-1',
        decision: 'approve',
        role: 'cab',
        step: 'after-the-fact',
      }),
    );

    // Assess
    expect(wrongRole.statusCode).toBe(403);
    expect(JSON.parse(String(wrongRole.body)).error).toContain(
      'role "developer" is not one this gate requires',
    );
    expect(auditAfterRefusal.filter((e) => e.type === afterTheFactEvents.granted)).toEqual([]);
    expect(approved.statusCode).toBe(200);
    expect(JSON.parse(String(approved.body))).toMatchObject({
      status: 'approved',
      by: 'arn:aws:iam::1:user/ana',
    });
    const record = await harness.ports.store.getDeployment('deploy-1');
    expect(record?.[afterTheFactField]).toMatchObject({ closedAtMs: expect.any(Number) });
  });

  it('pages at once when the approval after the fact is rejected, and refuses any answer after', async () => {
    // Prepare
    const harness = harnessOwingCab();
    const endpoint = approvalEndpoint(harness.ports);
    await harness.run(deployRequest({ releaseType: 'hotfix', version: '1.0.1' }));

    // Act
    const rejected = await endpoint(
      asIam('arn:aws:iam::1:user/ana', {
        deploymentId: 'deploy-1',
        decision: 'reject',
        role: 'cab',
        reason: 'no change request',
        step: 'after-the-fact',
      }),
    );
    await harness.clock.sleep(10 * 60_000);
    const late = await endpoint(
      asIam('arn:aws:iam::1:user/bo', {
        deploymentId: 'deploy-1',
        decision: 'approve',
        role: 'cab',
        step: 'after-the-fact',
      }),
    );

    // Assess
    expect(rejected.statusCode).toBe(200);
    const pages = harness.ports.notifier.sent.filter((n) =>
      n.subject.startsWith('[Greenlight] Approval after the fact REJECTED'),
    );
    expect(pages).toHaveLength(1);
    expect(pages[0]?.fields.Why).toContain(
      'rejected after the fact by arn:aws:iam::1:user/ana as cab: no change request',
    );
    expect(late.statusCode).toBe(409);
    expect(JSON.parse(String(late.body)).error).toContain('were already rejected by arn:aws:iam::1:user/ana');
  });

  it('owes nothing for a release type without approvalsAfter', async () => {
    const harness = harnessOwingCab();
    await harness.run(deployRequest());
    const audit = await harness.ports.store.listAudit('deploy-1');
    expect(audit.some((e) => e.type === afterTheFactEvents.due)).toBe(false);
  });
});
