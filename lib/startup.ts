// Server start: fail fast on a bad environment, then migrate, create the first admin, and start the jobs.
import { bootstrapAdmin } from "./accounts/register";
import { authSecret } from "./auth/secret";
import { currentDbConfig, rawDb, ready } from "./db";
import { env, inboxRetrySeconds } from "./env";
import { retryFailedPushes } from "./inbox/retry";
import { log } from "./log";
import { callbackSecrets } from "./meituan/secrets";

const state = globalThis as unknown as { __cpsJobs?: NodeJS.Timeout[] };

export async function startServer() {
  const e = env();
  authSecret();
  await ready();
  const config = currentDbConfig();
  log.info("database ready", { kind: config.kind, ...(config.kind === "sqlite" ? { file: config.file } : {}) });
  if (await bootstrapAdmin(e.ADMIN_USERNAME, e.ADMIN_PASSWORD)) log.info("first admin created", { username: e.ADMIN_USERNAME });
  if (callbackSecrets().length === 0) log.warn("MEITUAN_CALLBACK_SECRET is not set: every Meituan push will be refused");
  startJobs();
}

function startJobs() {
  if (state.__cpsJobs) return;
  let running = false;
  const retry = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const done = await retryFailedPushes(rawDb());
      if (done.length) log.info("inbox retry", { retried: done.length, stillFailed: done.filter((d) => d.outcome === "failed").length });
    } catch (err) {
      log.warn("inbox retry could not run", { error: err instanceof Error ? err.message : String(err) });
    } finally {
      running = false;
    }
  }, inboxRetrySeconds() * 1000);
  retry.unref();
  state.__cpsJobs = [retry];
}
