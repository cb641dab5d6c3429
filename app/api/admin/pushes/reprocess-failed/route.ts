import { adminRoute } from "@/lib/api/handler";
import { reprocessFailed } from "@/lib/inbox/admin";

export const POST = adminRoute(async ({ user }) => reprocessFailed(user.id));
