import { publicRoute } from "@/lib/api/handler";
import { ApiError } from "@/lib/api/errors";
import { registerMember } from "@/lib/accounts/register";
import { rawDb } from "@/lib/db";
import { assertNotLocked, clientIp, countAttempt, LockedOut, registerPerIp } from "@/lib/auth/throttle";

export const POST = publicRoute(async ({ req }) => {
  const key = `register:ip:${clientIp(req.headers)}`;
  try {
    await assertNotLocked(rawDb(), [key]);
  } catch (e) {
    if (e instanceof LockedOut) throw new ApiError(429, "rate_limited", e.message);
    throw e;
  }
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new ApiError(400, "bad_json", "请求体不是有效的 JSON");
  }
  const created = await registerMember(body);
  await countAttempt(rawDb(), key, registerPerIp());
  return Response.json(created, { status: 201 });
});
