import { adminRoute } from "@/lib/api/handler";
import { settleNow } from "@/lib/earnings/admin";

export const POST = adminRoute(async ({ user }) => settleNow(user.id));
