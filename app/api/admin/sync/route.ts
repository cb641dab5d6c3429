import { adminRoute } from "@/lib/api/handler";
import { startSync, SyncBody } from "@/lib/reconcile/admin";

export const POST = adminRoute(async ({ body, user }) => Response.json(await startSync(await body(SyncBody), user.id), { status: 202 }));
