import { adminRoute } from "@/lib/api/handler";
import { read } from "@/lib/reads";
import { InboxPushPage, PushListQuery } from "@/lib/contracts/inbox";

export const GET = adminRoute(async ({ query }) => read("listPushes", query(PushListQuery)), { response: InboxPushPage });
