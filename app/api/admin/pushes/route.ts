import { adminRoute } from "@/lib/api/handler";
import { listPushes } from "@/lib/inbox/admin";
import { InboxPushPage, PushListQuery } from "@/lib/contracts/inbox";

export const GET = adminRoute(async ({ query }) => listPushes(query(PushListQuery)), { response: InboxPushPage });
