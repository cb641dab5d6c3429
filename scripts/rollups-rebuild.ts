// npm run rollups:rebuild — recomputes the dashboard's rollups (rollup_days, rollup_member_days) from the orders and
// commission rows of the database the app would use (DATABASE_URL, else $DATA_DIR/app.db), a few days per
// transaction. The app keeps them itself; this is for a database written around the app (a bulk load, a repair).
import { performance } from "node:perf_hooks";

try {
  process.loadEnvFile();
} catch {
  // no .env: the environment alone is used
}
const { closeDb, rawDb, ready } = await import("../lib/db");
const { rebuildRollups } = await import("../lib/rollups/rebuild");

await ready();
const t0 = performance.now();
const { days } = await rebuildRollups(rawDb(), (done, total) => process.stdout.write(`\rrollups: ${done}/${total} days`));
console.log(`\nrollups rebuilt: ${days} days in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
await closeDb();
