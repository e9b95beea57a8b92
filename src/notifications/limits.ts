/**
 * Message size limits (SNS): a subject of at most 100 printable ASCII characters on one line,
 * a message of at most 256 KiB. Cuts are email-safe: never inside a UTF-8 character, and
 * marked so the reader knows something was left out.
 */
import type { Notification } from '../ports/notifier.ts';

export const maxSubjectChars = 100;
export const maxMessageBytes = 256 * 1024;
export const truncationMarker = '\n\n[… truncated: the full record is in greenlight show]';

/** One line of printable ASCII, at most `maxSubjectChars` ("..." when cut). */
export function limitSubject(subject: string): string {
  const ascii = subject
    .normalize('NFKD')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '')
    .trim();
  const text = ascii || 'Greenlight notification';
  return text.length <= maxSubjectChars ? text : `${text.slice(0, maxSubjectChars - 3)}...`;
}

/** At most `maxBytes` UTF-8 bytes, cut between characters, ending with the marker when cut. */
export function limitBody(body: string, maxBytes = maxMessageBytes): string {
  const bytes = Buffer.from(body, 'utf8');
  if (bytes.length <= maxBytes) return body;
  let end = Math.max(0, maxBytes - Buffer.byteLength(truncationMarker));
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return `${bytes.subarray(0, end).toString('utf8')}${truncationMarker}`;
}

/** The notification within the limits. */
export function limitNotification(notification: Notification, maxBytes = maxMessageBytes): Notification {
  return {
    ...notification,
    subject: limitSubject(notification.subject),
    body: limitBody(notification.body, maxBytes),
  };
}
