export type Severity = 'info' | 'warning' | 'critical';

export interface Notification {
  readonly severity: Severity;
  readonly subject: string;
  readonly body: string;
  /** The template's fields, for structured consumers (chat, pager). */
  readonly fields: Readonly<Record<string, string>>;
}

/** How a notification went out, when not the plain way (its own topic). */
export interface NotificationReceipt {
  readonly via: 'pager-fallback';
  /** Why its own topic did not take it. */
  readonly primaryError: string;
}

/** SNS topics on AWS; an in-memory outbox or the terminal locally. */
export interface Notifier {
  // biome-ignore lint/suspicious/noConfusingVoidType: most notifiers are `async send(): Promise<void>`; only a fallback has a receipt to give
  send(notification: Notification): Promise<NotificationReceipt | undefined | void>;
}
