import { adminRoute } from "@/lib/api/handler";
import { WechatConfig, WechatConfigBody } from "@/lib/contracts/notify";
import { saveWechatConfig, wechatConfig } from "@/lib/notify/wechat/config";

export const GET = adminRoute(async () => wechatConfig(), { response: WechatConfig });
export const PUT = adminRoute(async ({ body, user }) => saveWechatConfig(await body(WechatConfigBody), user.id), { response: WechatConfig });
