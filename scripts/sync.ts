// npm run sync -- --from 2026-11-01 --to 2026-11-28 [--by-update-time]
// Pulls Meituan's orders for those Beijing days into the database the app uses, with a progress bar.
// A run that stops (Ctrl-C, crash) resumes from its checkpoint when started again with the same range.
import { parseArgs } from "node:util";

try {
  process.loadEnvFile();
} catch {
  // no .env
}

const { values } = parseArgs({ options: { from: { type: "string" }, to: { type: "string" }, "by-update-time": { type: "boolean" } } });
const { closeDb, rawDb, ready } = await import("../lib/db");
const { meituanClientFromEnv } = await import("../lib/meituan/client");
const { syncRange } = await import("../lib/reconcile/admin");
const { SyncBody } = await import("../lib/contracts/reconcile");
const { runSync } = await import("../lib/reconcile/run");

const parsed = SyncBody.safeParse({ from: values.from, to: values.to, byUpdateTime: values["by-update-time"] });
if (!parsed.success) {
  console.error(`用法: npm run sync -- --from YYYY-MM-DD --to YYYY-MM-DD [--by-update-time]\n${parsed.error.issues.map((i) => i.message).join("\n")}`);
  process.exit(2);
}
const client = meituanClientFromEnv();
if (!client) {
  console.error("未配置美团 API 凭证：请设置 MEITUAN_APP_KEY 和 MEITUAN_API_SECRET（见 .env.example）");
  process.exit(2);
}
await ready();
const started = Date.now();
const bar = (done: number, total: number) => {
  const width = 30;
  const filled = Math.round((done / Math.max(1, total)) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`;
};
const result = await runSync(rawDb(), client, {
  ...syncRange(parsed.data.from, parsed.data.to),
  byUpdateTime: parsed.data.byUpdateTime,
  trigger: "cli",
  onProgress: (p) =>
    process.stderr.write(`\r${bar(p.windowsDone, p.windowsTotal)} 天  订单 ${p.seen}  补单 ${p.created}  状态更新 ${p.statusChanged}  佣金更新 ${p.moneyChanged}  ${((Date.now() - started) / 1000).toFixed(0)}s `),
});
process.stderr.write("\n");
await closeDb();
if (result.status === "busy") {
  console.error("已有对账任务在运行（其他进程或实例），稍后再试");
  process.exit(3);
}
console.log(JSON.stringify(result));
process.exit(result.status === "done" ? 0 : 1);
