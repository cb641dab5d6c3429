import { adminRoute } from "@/lib/api/handler";
import { read } from "@/lib/reads";
import { Dashboard, DashboardQuery } from "@/lib/contracts/dashboard";

export const GET = adminRoute(async ({ query }) => read("dashboard", query(DashboardQuery).range), { response: Dashboard });
