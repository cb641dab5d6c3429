// Which push endpoints we POST to. A subscription's endpoint comes from a browser, i.e. from anyone: taken
// as-is it would let a member make the server call any URL (SSRF). So only the browsers' push services, over
// https — and NOTIFY_PUSH_HOSTS (`host:port` / `host:*`) for a local stand-in, which may be http.
import { env } from "../../env";

/** Chrome/Edge (FCM), Firefox (Mozilla autopush), Safari (Apple), Edge legacy (WNS). */
const PUSH_SERVICE_HOSTS = [/^fcm\.googleapis\.com$/, /^android\.googleapis\.com$/, /^updates\.push\.services\.mozilla\.com$/, /^([\w-]+\.)*push\.apple\.com$/, /^([\w-]+\.)*notify\.windows\.com$/];

export function pushEndpointRefusal(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "推送地址无效";
  }
  if (url.username || url.password) return "推送地址无效";
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const extra = (env().NOTIFY_PUSH_HOSTS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if ((url.protocol === "http:" || url.protocol === "https:") && extra.some((h) => h === `${host}:*` || h === `${host}:${port}`)) return null;
  if (url.protocol !== "https:") return "推送地址必须是 https";
  if (url.port !== "" || !PUSH_SERVICE_HOSTS.some((re) => re.test(host))) return "不支持的推送服务";
  return null;
}
