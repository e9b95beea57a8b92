import picocolors from 'picocolors';

/**
 * Colours only for a person at a terminal. picocolors alone also colours whenever `CI` is set,
 * which puts escape codes into CI logs and into output that scripts parse.
 */
export const colors = picocolors.createColors(Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env));
