import { adminRoute } from "@/lib/api/handler";
import { dashboard } from "@/lib/admin/dashboard";
import { Dashboard, DashboardQuery } from "@/lib/contracts/dashboard";

export const GET = adminRoute(async ({ query }) => dashboard(query(DashboardQuery).range), { response: Dashboard });
