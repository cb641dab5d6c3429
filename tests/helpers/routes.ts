// The API's state-changing route handlers, found by walking app/api rather than listed by hand, so a route added
// later is covered by the tests that use this list without anyone remembering to add it.
import { readdirSync } from "node:fs";
import path from "node:path";
import type { NextRequest } from "next/server";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const STATE_CHANGING = ["POST", "PUT", "PATCH", "DELETE"] as const;
/** Meituan's callback (no browser; its own body limit) and next-auth's own routes (its CSRF token). */
export const OUTSIDE_THE_WRAPPERS = new Set(["app/api/meituan/callback/route.ts", "app/api/auth/[...nextauth]/route.ts"]);
/** Routes with the small body limit (lib/api/handler.ts SMALL_BODY_LIMIT). */
/** Routes that answer a Server-Sent Events stream (a Response), not JSON. */
export const STREAM_ROUTES = new Set(["app/api/me/stream/route.ts", "app/api/admin/stream/route.ts"]);
export const SMALL_BODY_ROUTES = new Set(["app/api/register/route.ts", "app/api/setup/route.ts", "app/api/me/push/route.ts", "app/api/me/consent/route.ts"]);
/** Values for every [param] of those routes (the transport checks come before any of them is read). */
export const ROUTE_PARAMS = { id: "1", action: "approve", orderId: "1" };

export type RouteHandler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface StateChangingRoute {
  file: string;
  url: string;
  method: (typeof STATE_CHANGING)[number];
  handler: RouteHandler;
  bodyLimit: number;
}

export function routeFiles(): string[] {
  return (readdirSync(path.join(ROOT, "app/api"), { recursive: true }) as string[])
    .filter((f) => f.endsWith("route.ts"))
    .map((f) => path.posix.join("app/api", f.split(path.sep).join("/")))
    .sort();
}

/** A URL for the route with every [param] filled in. */
const urlOf = (file: string) =>
  "/" + path.posix.dirname(file).replace(/^app\//, "").replace(/\[\.\.\.(\w+)\]/g, "x").replace(/\[(\w+)\]/g, (_m, p: string) => (p === "action" ? "approve" : "1"));

export async function stateChangingRoutes(): Promise<StateChangingRoute[]> {
  const routes: StateChangingRoute[] = [];
  for (const file of routeFiles()) {
    if (OUTSIDE_THE_WRAPPERS.has(file)) continue;
    const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, RouteHandler | undefined>;
    for (const method of STATE_CHANGING) {
      const handler = mod[method];
      if (handler) routes.push({ file, url: urlOf(file), method, handler, bodyLimit: SMALL_BODY_ROUTES.has(file) ? 4 * 1024 : 64 * 1024 });
    }
  }
  return routes;
}
