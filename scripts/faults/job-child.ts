// A job in its own process, so that the fault suite can SIGKILL it mid-run (scripts/faults/run.ts):
//   node --import tsx scripts/faults/job-child.ts settle
//   node --import tsx scripts/faults/job-child.ts sync '<json: from, to, url, appKey, apiSecret, pageSize, pageDelayMs>'
//   node --import tsx scripts/faults/job-child.ts deliver   (WECHAT_API_BASE from the environment)
// The database comes from the environment (DATA_DIR or DATABASE_URL), as for the app. Progress goes to stdout as
// one JSON object per line; the last line is {"result": …}.
export {};
const mode = process.argv[2];
const say = (o: unknown) => process.stdout.write(JSON.stringify(o) + "\n");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const { closeDb, rawDb, ready } = await import("../../lib/db");
await ready();
say({ ready: true, pid: process.pid });

if (mode === "settle") {
  const { runSettlement } = await import("../../lib/earnings/settlement");
  const settled = await runSettlement(rawDb());
  say({ result: { settled } });
} else if (mode === "sync") {
  const cfg = JSON.parse(process.argv[3]) as { from: string; to: string; url: string; appKey: string; apiSecret: string; pageSize: number; pageDelayMs: number };
  const { createMeituanClient } = await import("../../lib/meituan/client");
  const { runSync } = await import("../../lib/reconcile/run");
  const client = createMeituanClient({
    kind: "union", appKey: cfg.appKey, secret: cfg.apiSecret, unionBaseUrl: cfg.url, businessLines: [2], pageSize: cfg.pageSize,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
  });
  const result = await runSync(rawDb(), client, {
    from: new Date(cfg.from), to: new Date(cfg.to), trigger: "cli",
    beforePage: async (windowIndex, page) => {
      say({ page: [windowIndex, page] });
      if (cfg.pageDelayMs) await sleep(cfg.pageDelayMs);
    },
    onProgress: (p) => say({ progress: p }),
  });
  say({ result });
} else if (mode === "deliver") {
  // Delivers until nothing is pending (leases held by a killed run included: they run out first).
  const { runDelivery } = await import("../../lib/notify/delivery");
  const { defaultChannels } = await import("../../lib/notify/channels");
  const { q } = await import("../../lib/db/query");
  let sent = 0;
  for (;;) {
    const r = await runDelivery(rawDb(), defaultChannels);
    sent += r.sent;
    say({ progress: { sent } });
    const left = await rawDb().row(q.selectFrom("notification_deliveries").select("id").where("status", "=", "pending").limit(1));
    const undispatched = await rawDb().row(q.selectFrom("notifications").select("id").where("dispatchedAt", "is", null).limit(1));
    if (!left && !undispatched) break;
    if (!r.sent && !r.dispatched) await sleep(500);
  }
  say({ result: { sent } });
} else {
  say({ error: `unknown mode ${mode}` });
  process.exitCode = 2;
}
await closeDb();
