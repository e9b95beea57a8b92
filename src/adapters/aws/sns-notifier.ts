import { type MessageAttributeValue, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Notification, Notifier, Severity } from '../../ports/notifier.ts';
import type { IamActionsOf } from './iam.ts';
import { callAws } from './sdk-errors.ts';

/** SNS limits: Subject ≤ 100 ASCII chars without line breaks; the whole message ≤ 256 KiB. */
export const maxSubjectChars = 100;
export const maxMessageBytes = 256 * 1024;
/** Room left for the message attributes (≤ 10 of them, short), counted against the 256 KiB. */
const attributeReserveBytes = 8 * 1024;
const maxMessageAttributes = 10;

/** Makes a subject SNS accepts: printable ASCII on one line, at most 100 chars ("..." when cut). */
export function safeSubject(subject: string): string {
  const oneLine = subject
    .normalize('NFKD')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '')
    .trim();
  const text = oneLine.length > 0 ? oneLine : 'Greenlight notification';
  return text.length <= maxSubjectChars ? text : `${text.slice(0, maxSubjectChars - 3)}...`;
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number, marker = '\n[truncated]'): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  const room = Math.max(0, maxBytes - Buffer.byteLength(marker));
  // Step back over UTF-8 continuation bytes (10xxxxxx) so the cut falls between characters.
  let end = room;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return `${bytes.subarray(0, end).toString('utf8')}${marker}`;
}

/**
 * Message attributes: `severity`, then the template fields whose names SNS accepts, so that
 * subscribers can filter (e.g. only `environment=production`). SNS allows at most 10.
 */
export function messageAttributesFor(notification: Notification): Record<string, MessageAttributeValue> {
  const attributes: Record<string, MessageAttributeValue> = {
    severity: { DataType: 'String', StringValue: notification.severity },
  };
  for (const [name, value] of Object.entries(notification.fields)) {
    if (Object.keys(attributes).length >= maxMessageAttributes) break;
    if (name in attributes || !/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,255}$/.test(name) || name.startsWith('AWS.'))
      continue;
    if (value.length === 0) continue;
    attributes[name] = { DataType: 'String', StringValue: value.slice(0, 1024) };
  }
  return attributes;
}

export interface SnsNotifierOptions {
  /** One topic per severity, so that `critical` can page while `info` only emails. */
  readonly topicArns: Readonly<Record<Severity, string>>;
  /** @default a new client */
  readonly client?: SNSClient;
}

/** Publishes each notification to the topic of its severity. */
export class SnsNotifier implements Notifier {
  /** The IAM actions each method calls (src/adapters/aws/iam.ts). */
  static readonly iamActions: IamActionsOf<Notifier> = {
    send: ['sns:Publish', 'kms:GenerateDataKey*', 'kms:Decrypt'],
  };

  private readonly client: SNSClient;
  private readonly topicArns: Readonly<Record<Severity, string>>;

  constructor(options: SnsNotifierOptions) {
    this.client = options.client ?? new SNSClient({});
    this.topicArns = options.topicArns;
  }

  async send(notification: Notification): Promise<void> {
    const topicArn = this.topicArns[notification.severity];
    await callAws({ operation: 'Publish', resource: topicArn, configHint: 'the Greenlight stack' }, () =>
      this.client.send(
        new PublishCommand({
          TopicArn: topicArn,
          Subject: safeSubject(notification.subject),
          Message: truncateUtf8(notification.body, maxMessageBytes - attributeReserveBytes),
          MessageAttributes: messageAttributesFor(notification),
        }),
      ),
    );
  }
}
