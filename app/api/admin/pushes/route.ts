import { adminRoute } from "@/lib/api/handler";
import { listPushes, PushListQuery } from "@/lib/inbox/admin";

export const GET = adminRoute(async ({ query }) => listPushes(query(PushListQuery)));
