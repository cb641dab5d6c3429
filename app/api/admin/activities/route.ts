import { adminRoute } from "@/lib/api/handler";
import { ActivityBody, listActivities, saveActivity } from "@/lib/promotion/links";

export const GET = adminRoute(async () => listActivities(false));

export const POST = adminRoute(async ({ body, user }) => Response.json(await saveActivity(await body(ActivityBody), user.id), { status: 201 }));
