import { adminRoute } from "@/lib/api/handler";
import { dashboard, DashboardQuery } from "@/lib/admin/dashboard";
import { Dashboard } from "@/lib/contracts/dashboard";

export const GET = adminRoute(async ({ query }) => dashboard(query(DashboardQuery).range), { response: Dashboard });
