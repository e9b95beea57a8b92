import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  maxMessageBytes,
  SnsNotifier,
  safeSubject,
  truncateUtf8,
} from '../../../src/adapters/aws/sns-notifier.ts';
import type { Notification } from '../../../src/ports/notifier.ts';
import { sdkError, translationCases } from './sdk-error-fixtures.ts';

const sns = mockClient(SNSClient);
const topicArns = {
  info: 'arn:aws:sns:eu-west-1:123456789012:greenlight-info',
  warning: 'arn:aws:sns:eu-west-1:123456789012:greenlight-warning',
  critical: 'arn:aws:sns:eu-west-1:123456789012:greenlight-critical',
};
const notifier = () => new SnsNotifier({ client: new SNSClient({ region: 'eu-west-1' }), topicArns });
const notification: Notification = {
  severity: 'critical',
  subject: 'ROLLBACK: shop 1.4.2 in production',
  body: 'Rollback initiated.\nReason: error rate 7.2% > 5%',
  fields: { service: 'shop', environment: 'production', 'bad name!': 'x' },
};

describe('Class: SnsNotifier', () => {
  beforeEach(() => {
    sns.reset();
  });

  it('publishes to the topic of the severity with attributes', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: '5a6b' });
    // Act
    await notifier().send(notification);
    // Assess
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      TopicArn: topicArns.critical,
      Subject: 'ROLLBACK: shop 1.4.2 in production',
      Message: notification.body,
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'critical' },
        service: { DataType: 'String', StringValue: 'shop' },
        environment: { DataType: 'String', StringValue: 'production' },
      },
    });
  });

  it('keeps a huge body under the SNS message limit', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({});
    // Act
    await notifier().send({ ...notification, body: 'é'.repeat(300_000) });
    // Assess
    const message = sns.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '';
    expect(Buffer.byteLength(message)).toBeLessThan(maxMessageBytes);
    expect(message.endsWith('[truncated]')).toBe(true);
  });

  it.each(translationCases(() => sdkError('NotFoundException', 404)))(
    'translates %s',
    async (_label, makeError, expected) => {
      sns.on(PublishCommand).rejects(makeError());
      await expect(notifier().send(notification)).rejects.toBeInstanceOf(expected);
    },
  );
});

describe('Function: safeSubject', () => {
  it.each([
    ['short', 'short'],
    ['two\nlines', 'two lines'],
    ['Déploiement réussi ✅', 'Deploiement reussi'],
    ['x'.repeat(150), `${'x'.repeat(97)}...`],
    ['\n', 'Greenlight notification'],
  ])('makes %j a valid subject', (subject, expected) => {
    expect(safeSubject(subject)).toBe(expected);
  });
});

describe('Function: truncateUtf8', () => {
  it('never splits a multi-byte character', () => {
    // Act
    const cut = truncateUtf8('€€€€', 7, '');
    // Assess
    expect(cut).toBe('€€');
  });
});
