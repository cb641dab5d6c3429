import { adminRoute } from "@/lib/api/handler";
import { ActivityBody, listActivities, saveActivity } from "@/lib/promotion/links";
import { Activities, Activity } from "@/lib/contracts/promotion";

export const GET = adminRoute(async () => listActivities(false), { response: Activities });
export const POST = adminRoute(async ({ body, user }) => await saveActivity(await body(ActivityBody), user.id), { response: Activity, status: 201 });
