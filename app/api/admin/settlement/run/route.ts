import { adminRoute } from "@/lib/api/handler";
import { settleNow } from "@/lib/earnings/admin";
import { SettlementRun } from "@/lib/contracts/earnings";

export const POST = adminRoute(async ({ user }) => settleNow(user.id), { response: SettlementRun });
