// One wrapper per actor. Each parses, authorizes and maps errors, so no route can forget to.
import type { NextRequest } from "next/server";
import { z } from "zod";
import { ready } from "../db";
import { log } from "../log";
import { userFromRequest, type CurrentUser } from "../auth/session";
import { ApiError, assertCleanText, errorResponse, forbidden, invalid, unauthorized } from "./errors";

type RouteContext = { params: Promise<Record<string, string>> };
type Result = Response | Record<string, unknown> | unknown[];

interface PublicCtx {
  req: NextRequest;
  params: Record<string, string>;
  /** Parses the query string with a zod schema; invalid input becomes a 422. */
  query<T extends z.ZodType>(schema: T): z.infer<T>;
  /** Parses the JSON body with a zod schema; invalid input becomes a 422. */
  body<T extends z.ZodType>(schema: T): Promise<z.infer<T>>;
}
interface UserCtx extends PublicCtx {
  user: CurrentUser;
}

function parseWith<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  assertCleanText(input);
  const r = schema.safeParse(input);
  if (!r.success) throw invalid(r.error);
  return r.data;
}

function makeCtx(req: NextRequest, params: Record<string, string>): PublicCtx {
  return {
    req,
    params,
    query: (schema) => parseWith(schema, Object.fromEntries(req.nextUrl.searchParams)),
    body: async (schema) => {
      let json: unknown;
      try {
        const text = await req.text();
        json = text.trim() === "" ? {} : JSON.parse(text);
      } catch {
        throw new ApiError(400, "bad_json", "请求体不是有效的 JSON");
      }
      return parseWith(schema, json);
    },
  };
}

function wrap<C>(authorize: (req: NextRequest, base: PublicCtx) => Promise<C>, handler: (ctx: C) => Promise<Result>) {
  return async (req: NextRequest, context: RouteContext): Promise<Response> => {
    try {
      await ready();
      const base = makeCtx(req, (await context?.params) ?? {});
      const result = await handler(await authorize(req, base));
      return result instanceof Response ? result : Response.json(result, { headers: { "cache-control": "no-store" } });
    } catch (e) {
      if (e instanceof ApiError) return errorResponse(e);
      log.error("api: unhandled error", { path: req.nextUrl.pathname, error: e instanceof Error ? e.stack : String(e) });
      return errorResponse(new ApiError(500, "internal", "服务器错误，请稍后再试"));
    }
  };
}

export const publicRoute = (handler: (ctx: PublicCtx) => Promise<Result>) => wrap(async (_req, base) => base, handler);

export const memberRoute = (handler: (ctx: UserCtx) => Promise<Result>) =>
  wrap(async (req, base) => {
    const user = await userFromRequest(req);
    if (!user) throw unauthorized();
    return { ...base, user };
  }, handler);

export const adminRoute = (handler: (ctx: UserCtx) => Promise<Result>) =>
  wrap(async (req, base) => {
    const user = await userFromRequest(req);
    if (!user) throw unauthorized();
    if (user.role !== "ADMIN") throw forbidden();
    return { ...base, user };
  }, handler);
