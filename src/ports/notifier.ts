export type Severity = 'info' | 'warning' | 'critical';

export interface Notification {
  readonly severity: Severity;
  readonly subject: string;
  readonly body: string;
  /** The template's fields, for structured consumers (chat, pager). */
  readonly fields: Readonly<Record<string, string>>;
}

/** SNS topics on AWS; an in-memory outbox or the terminal locally. */
export interface Notifier {
  send(notification: Notification): Promise<void>;
}
