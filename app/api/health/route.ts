import { publicRoute } from "@/lib/api/handler";
import { currentDbConfig, rawDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export const GET = publicRoute(async () => {
  const started = Date.now();
  await rawDb().query("SELECT 1");
  return { ok: true, database: { kind: currentDbConfig().kind, latencyMs: Date.now() - started } };
});
