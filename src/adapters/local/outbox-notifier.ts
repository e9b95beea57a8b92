import type { Notification, Notifier } from '../../ports/notifier.ts';

/** The Notifier port locally: keeps every notification (for the summary and `greenlight show`) and tells listeners. */
export class OutboxNotifier implements Notifier {
  readonly sent: Notification[] = [];
  private readonly listeners = new Set<(notification: Notification) => void>();

  async send(notification: Notification): Promise<void> {
    this.sent.push(notification);
    for (const listener of this.listeners) listener(notification);
  }

  onSend(listener: (notification: Notification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
