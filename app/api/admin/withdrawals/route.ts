import { adminRoute } from "@/lib/api/handler";
import { read } from "@/lib/reads";
import { AdminWithdrawalPage, AdminWithdrawalQuery } from "@/lib/contracts/earnings";

export const GET = adminRoute(async ({ query }) => read("listWithdrawals", query(AdminWithdrawalQuery)), { response: AdminWithdrawalPage });
