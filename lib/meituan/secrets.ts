import { env } from "../env";

/** The callback secrets accepted now. Empty means none is configured: every push is then refused. */
export function callbackSecrets(): string[] {
  const secret = env().MEITUAN_CALLBACK_SECRET;
  return secret ? [secret] : [];
}
