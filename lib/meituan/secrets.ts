import { env } from "../env";

/**
 * The callback secrets accepted now: the current one, and during a rotation the previous one until its
 * deadline. Empty means none is configured: every push is then refused.
 */
export function callbackSecrets(now = new Date()): string[] {
  const e = env();
  const secrets = e.MEITUAN_CALLBACK_SECRET ? [e.MEITUAN_CALLBACK_SECRET] : [];
  const until = e.MEITUAN_CALLBACK_SECRET_PREVIOUS_UNTIL ? new Date(e.MEITUAN_CALLBACK_SECRET_PREVIOUS_UNTIL) : null;
  if (e.MEITUAN_CALLBACK_SECRET_PREVIOUS && until && now < until) secrets.push(e.MEITUAN_CALLBACK_SECRET_PREVIOUS);
  return secrets;
}
