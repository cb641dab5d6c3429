import { adminRoute } from "@/lib/api/handler";
import { listSyncRuns } from "@/lib/reconcile/admin";

export const GET = adminRoute(async () => listSyncRuns());
