// The app's public base URL, for links in messages that leave it (robots, WeChat, Web Push).
import { env } from "../env";

export function publicBaseUrl(): string {
  const e = env();
  return (e.NEXTAUTH_URL ?? `http://localhost:${e.PORT ?? 3000}`).replace(/\/+$/, "");
}
