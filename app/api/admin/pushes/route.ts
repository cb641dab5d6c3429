import { adminRoute } from "@/lib/api/handler";
import { listPushes, PushListQuery } from "@/lib/inbox/admin";
import { InboxPushPage } from "@/lib/contracts/inbox";

export const GET = adminRoute(async ({ query }) => listPushes(query(PushListQuery)), { response: InboxPushPage });
