// WeChat sends the member back here with a code: bind the openid, then back to the page with the outcome.
import { memberRoute } from "@/lib/api/handler";
import { WechatCallbackQuery } from "@/lib/contracts/notify";
import { completeBinding, safeReturn } from "@/lib/notify/wechat/oauth";

export const GET = memberRoute(async ({ user, query }) => {
  const q = query(WechatCallbackQuery);
  const back = safeReturn(q.return);
  const outcome = await completeBinding(user.id, q.code ?? null, q.state ?? null, back);
  return new Response(null, { status: 302, headers: { location: `${back}?wechat=${outcome}`, "cache-control": "no-store" } });
});
