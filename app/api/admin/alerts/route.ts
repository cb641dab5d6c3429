import { adminRoute } from "@/lib/api/handler";
import { AlertsOverview, AlertThresholdsBody } from "@/lib/contracts/alerts";
import { alertsOverview, saveAlertThresholds } from "@/lib/admin/alerts";

export const GET = adminRoute(async () => alertsOverview(), { response: AlertsOverview });

export const PUT = adminRoute(async ({ user, body }) => saveAlertThresholds(await body(AlertThresholdsBody), user.id), { response: AlertsOverview });
