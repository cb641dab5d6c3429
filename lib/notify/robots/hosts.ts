// Which URLs a robot may be sent to (SSRF): only each platform's own webhook host, over https, on the default
// port — unless NOTIFY_ROBOT_HOSTS names more `host:port` / `host:*` (a local stand-in in tests), which may be http.
import type { RobotPlatform } from "../../contracts/enums";
import { env } from "../../env";

export const PLATFORM_HOSTS: Record<RobotPlatform, readonly string[]> = {
  wecom: ["qyapi.weixin.qq.com"],
  dingtalk: ["oapi.dingtalk.com"],
  feishu: ["open.feishu.cn", "open.larksuite.com"],
};

function extraHosts(): { host: string; port: string }[] {
  const spec = env().NOTIFY_ROBOT_HOSTS;
  if (!spec) return [];
  return spec.split(",").map((s) => {
    const t = s.trim();
    const i = t.lastIndexOf(":");
    return { host: t.slice(0, i).toLowerCase(), port: t.slice(i + 1) };
  });
}

/** Why the URL is refused for the platform (Chinese), or null when it may be used. */
export function robotUrlRefusal(platform: RobotPlatform, raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Webhook 地址不是有效的网址";
  }
  if (url.username || url.password) return "Webhook 地址不能包含用户名或密码";
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : url.protocol === "http:" ? "80" : "");
  if (extraHosts().some((h) => h.host === host && (h.port === "*" || h.port === port)) && (url.protocol === "http:" || url.protocol === "https:")) return null;
  if (url.protocol !== "https:") return "Webhook 地址必须是 https";
  if (!PLATFORM_HOSTS[platform].includes(host) || url.port !== "") return `Webhook 地址必须是${PLATFORM_HOSTS[platform].join(" 或 ")}的地址`;
  return null;
}

/** The URL as the console shows it: the credential in its query or path (key, access_token, hook id) masked. */
export function maskUrl(raw: string): string {
  try {
    const url = new URL(raw);
    for (const [k, v] of url.searchParams) url.searchParams.set(k, maskSecret(v));
    const parts = url.pathname.split("/");
    const last = parts.length - 1;
    if (/^[\w-]{12,}$/.test(parts[last] ?? "")) parts[last] = maskSecret(parts[last]!);
    return `${url.protocol}//${url.host}${parts.join("/")}${url.search ? decodeURIComponent(url.search) : ""}`;
  } catch {
    return "（无效地址）";
  }
}

/** "SEC1…b2c3" — enough to recognise it, never enough to use it. */
export function maskSecret(secret: string): string {
  if (secret.length <= 8) return "****";
  return `${secret.slice(0, 4)}****${secret.slice(-4)}`;
}
