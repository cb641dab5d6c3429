// Starts the WeChat binding: a redirect to WeChat's authorize page (inside WeChat only, when the 服务号 is on).
import { memberRoute } from "@/lib/api/handler";
import { WechatBindQuery } from "@/lib/contracts/notify";
import { rawDb } from "@/lib/db";
import { activeWechat } from "@/lib/notify/wechat/config";
import { authorizeUrl, isWechatBrowser, safeReturn } from "@/lib/notify/wechat/oauth";

export const GET = memberRoute(async ({ user, query, req }) => {
  const back = safeReturn(query(WechatBindQuery).return);
  const cfg = await rawDb().run(activeWechat);
  const location = !cfg ? `${back}?wechat=unavailable` : !isWechatBrowser(req.headers.get("user-agent")) ? `${back}?wechat=not_in_wechat` : authorizeUrl(cfg, user.id, back);
  return new Response(null, { status: 302, headers: { location, "cache-control": "no-store" } });
});
