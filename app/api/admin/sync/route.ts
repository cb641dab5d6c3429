import { adminRoute } from "@/lib/api/handler";
import { startSync } from "@/lib/reconcile/admin";
import { SyncBody, SyncStarted } from "@/lib/contracts/reconcile";

export const POST = adminRoute(async ({ body, user }) => await startSync(await body(SyncBody), user.id), { response: SyncStarted, status: 202 });
