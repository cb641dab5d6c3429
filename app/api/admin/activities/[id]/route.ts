import { adminRoute } from "@/lib/api/handler";
import { parseId } from "@/lib/api/params";
import { ActivityBody, saveActivity } from "@/lib/promotion/links";
import { Activity } from "@/lib/contracts/promotion";

export const PUT = adminRoute(async ({ params, body, user }) => saveActivity(await body(ActivityBody), user.id, parseId(params.id, "活动")), { response: Activity });
