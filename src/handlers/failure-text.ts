/**
 * The human reason inside a Step Functions `Cause`. A Lambda error's cause is the JSON
 * `{"errorType","errorMessage","trace"}`; a SendTaskFailure cause is plain text. Both are
 * accepted so notifications and records always show the sentence, not the envelope.
 */
export function causeMessage(cause: string | undefined): string {
  if (!cause) return 'no cause given';
  try {
    const parsed: unknown = JSON.parse(cause);
    if (parsed && typeof parsed === 'object' && 'errorMessage' in parsed) {
      return String((parsed as { errorMessage: unknown }).errorMessage);
    }
  } catch {
    // Not JSON: a plain-text cause.
  }
  return cause;
}
