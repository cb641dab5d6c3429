import { memberRoute } from "@/lib/api/handler";
import { MemberWechat } from "@/lib/contracts/notify";
import { memberWechat, unbindWechat } from "@/lib/notify/wechat/oauth";

export const GET = memberRoute(async ({ user, req }) => memberWechat(user.id, req.headers.get("user-agent")), { response: MemberWechat });
export const DELETE = memberRoute(async ({ user, req }) => unbindWechat(user.id, req.headers.get("user-agent")), { response: MemberWechat });
