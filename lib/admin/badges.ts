// What waits for an operator, for the console's navigation: withdrawals to review, claims to review, pushes that
// failed and wait for a retry, alerts not yet resolved. Each count is a range of one index ((status, id), (status, id), (outcome, id)).
import { sql } from "kysely";
import { rawDb } from "../db";
import { q } from "../db/query";

const count = sql<number>`COUNT(*)`;

export async function consoleBadges() {
  const row = await rawDb().row(
    q.selectNoFrom((eb) => [
      eb.selectFrom("withdrawals").select(count.as("n")).where("status", "=", "pending").as("withdrawals"),
      eb.selectFrom("order_claims").select(count.as("n")).where("status", "=", "review").as("claims"),
      eb.selectFrom("inbox_pushes").select(count.as("n")).where("outcome", "=", "failed").as("failedPushes"),
      eb.selectFrom("alert_incidents").select(count.as("n")).where("resolvedAt", "is", null).as("alerts"),
    ]),
  );
  // PostgreSQL returns COUNT as a bigint string.
  return { withdrawals: Number(row?.withdrawals ?? 0), claims: Number(row?.claims ?? 0), failedPushes: Number(row?.failedPushes ?? 0), alerts: Number(row?.alerts ?? 0) };
}
