import { adminRoute } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { reprocessOne } from "@/lib/inbox/admin";

export const POST = adminRoute(async ({ params, user }) => {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound("推送");
  return reprocessOne(id, user.id);
});
