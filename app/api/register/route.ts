import { publicRoute } from "@/lib/api/handler";
import { ApiError } from "@/lib/api/errors";
import { registerMember } from "@/lib/accounts/register";

export const POST = publicRoute(async ({ req }) => {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new ApiError(400, "bad_json", "请求体不是有效的 JSON");
  }
  return Response.json(await registerMember(body), { status: 201 });
});
