import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { awsPortsFromEnv, envNames } from '../../src/adapters/aws/ports-from-env.ts';
import { PagerFallbackNotifier } from '../../src/notifications/pager-fallback.ts';
import type { Notification, Notifier, Severity } from '../../src/ports/notifier.ts';
import { stackEnv } from '../adapters/aws/binding-fixture.ts';

const page = (severity: Severity): Notification => ({
  severity,
  subject: `ROLLBACK (${severity}): shop 1.4.2 in production`,
  body: 'Rollback initiated.',
  fields: { service: 'shop' },
});

/** A notifier that keeps what it was sent, or refuses everything. */
function recording(failWith?: string): Notifier & { sent: Notification[] } {
  const sent: Notification[] = [];
  return {
    sent,
    send: async (notification) => {
      if (failWith) throw new Error(failWith);
      sent.push(notification);
    },
  };
}

describe('Class: PagerFallbackNotifier', () => {
  it('sends through the primary, and never pages, while the primary works', async () => {
    const primary = recording();
    const pager = recording();
    const receipt = await new PagerFallbackNotifier(primary, pager).send(page('critical'));
    expect(receipt).toBeUndefined();
    expect(primary.sent).toHaveLength(1);
    expect(pager.sent).toHaveLength(0);
  });

  it('pages a critical notification the primary refused, and says so in the receipt', async () => {
    const pager = recording();
    const receipt = await new PagerFallbackNotifier(recording('SNS: KMS key disabled'), pager).send(
      page('critical'),
    );
    expect(receipt).toEqual({ via: 'pager-fallback', primaryError: 'SNS: KMS key disabled' });
    expect(pager.sent.map((n) => n.subject)).toEqual([
      '[via pager fallback] ROLLBACK (critical): shop 1.4.2 in production',
    ]);
  });

  it.each(['info', 'warning'] as const)(
    'never pages a %s notification: its failure is raised as it was',
    async (severity) => {
      const pager = recording();
      await expect(
        new PagerFallbackNotifier(recording('SNS: throttled'), pager).send(page(severity)),
      ).rejects.toThrow('SNS: throttled');
      expect(pager.sent).toHaveLength(0);
    },
  );

  it('raises both errors when neither the topic nor the pager takes it', async () => {
    const sending = new PagerFallbackNotifier(recording('topic down'), recording('pager down')).send(
      page('critical'),
    );
    await expect(sending).rejects.toThrow(
      /reached neither its topic \(topic down\) nor the pager topic \(pager down\)/,
    );
  });
});

describe('On AWS: awsPortsFromEnv with a pager topic', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => sns.reset());
  const env: Record<string, string> = {
    ...stackEnv,
    [envNames.topicPager]: 'arn:aws:sns:eu-west-1:123456789012:pager',
  };

  it('publishes a critical page the critical topic refused to the pager topic', async () => {
    sns
      .on(PublishCommand, { TopicArn: env[envNames.topicCritical] })
      .rejects(
        Object.assign(new Error('Topic is not available'), {
          name: 'KMSDisabledException',
          $metadata: { httpStatusCode: 400 },
        }),
      )
      .on(PublishCommand, { TopicArn: env[envNames.topicPager] })
      .resolves({ MessageId: 'm-1' });
    const receipt = await awsPortsFromEnv(env).notifier.send(page('critical'));
    expect(receipt).toMatchObject({ via: 'pager-fallback' });
    const topics = sns.commandCalls(PublishCommand).map((call) => call.args[0].input.TopicArn);
    expect(topics).toEqual([env[envNames.topicCritical], env[envNames.topicPager]]);
  });
});
