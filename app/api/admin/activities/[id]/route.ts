import { adminRoute } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { ActivityBody, saveActivity } from "@/lib/promotion/links";

export const PUT = adminRoute(async ({ params, body, user }) => {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound("活动");
  return saveActivity(await body(ActivityBody), user.id, id);
});
