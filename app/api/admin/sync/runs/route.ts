import { adminRoute } from "@/lib/api/handler";
import { listSyncRuns } from "@/lib/reconcile/admin";
import { SyncRuns } from "@/lib/contracts/reconcile";

export const GET = adminRoute(async () => listSyncRuns(), { response: SyncRuns });
