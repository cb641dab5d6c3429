import { adminRoute } from "@/lib/api/handler";
import { AdminWithdrawalQuery, listWithdrawals } from "@/lib/earnings/admin";

export const GET = adminRoute(async ({ query }) => listWithdrawals(query(AdminWithdrawalQuery)));
