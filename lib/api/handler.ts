// One wrapper per actor. Each refuses cross-site requests, bounds and reads the body, parses, authorizes, maps
// errors and holds the handler to its response contract (lib/contracts), so no route can forget to.
import type { NextRequest } from "next/server";
import { z } from "zod";
import { ready } from "../db";
import { closeHeaders, readBody, type BodyRead } from "../http/body";
import { log } from "../log";
import { userFromRequest, type CurrentUser } from "../auth/session";
import { LockedOut } from "../auth/throttle";
import { ApiError, assertCleanText, errorResponse, forbidden, invalid, unauthorized } from "./errors";
import { crossSiteRefusal, isJsonContentType } from "./origin";

type RouteContext = { params: Promise<Record<string, string>> };

/** Request bodies of the JSON API: the largest (500 order ids to assign) is about 35 KB. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;
/** Registration and login: a username, a password, a name and an invite code. */
export const SMALL_BODY_LIMIT = 4 * 1024;

export interface RouteOptions<C extends z.ZodType = z.ZodNever> {
  /** The largest request body accepted, in bytes (413 beyond it). Default DEFAULT_BODY_LIMIT. */
  maxBody?: number;
  /**
   * The response body's contract. The handler's return is type-checked against it, and parsed with it outside
   * production, so a response that drifts from its contract fails the tests. Without one the handler returns a
   * Response (a CSV, a stream).
   */
  response?: C;
  /** The status of a successful JSON answer (201 created, 202 accepted). Default 200. */
  status?: number;
}

type Handler<Ctx, C extends z.ZodType> = (ctx: Ctx) => Promise<Response | z.input<C>>;

interface PublicCtx {
  req: NextRequest;
  params: Record<string, string>;
  /** Parses the query string with a zod schema; invalid input becomes a 422. */
  query<T extends z.ZodType>(schema: T): z.infer<T>;
  /** Parses the JSON body with a zod schema; invalid input becomes a 422. */
  body<T extends z.ZodType>(schema: T): Promise<z.infer<T>>;
  /** The JSON body as sent (an empty body is {}); not JSON becomes a 400. */
  json(): Promise<unknown>;
}
interface UserCtx extends PublicCtx {
  user: CurrentUser;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function parseWith<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  assertCleanText(input);
  const r = schema.safeParse(input);
  if (!r.success) throw invalid(r.error);
  return r.data;
}

function makeCtx(req: NextRequest, params: Record<string, string>, body: BodyRead | null): PublicCtx {
  const json = async () => {
    const text = body ? body.bytes.toString("utf8") : "";
    if (text.trim() === "") return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ApiError(400, "bad_json", "请求体不是有效的 JSON");
    }
  };
  return {
    req,
    params,
    query: (schema) => parseWith(schema, Object.fromEntries(req.nextUrl.searchParams)),
    body: async (schema) => parseWith(schema, await json()),
    json,
  };
}

/**
 * A state-changing request's transport checks, before any work: not from another site (403), a body within
 * the limit (413), and JSON if there is one (415). Returns the body read.
 */
async function admit(req: NextRequest, maxBody: number): Promise<BodyRead> {
  const refusal = crossSiteRefusal(req);
  if (refusal) throw refusal;
  let body: BodyRead;
  try {
    body = await readBody(req, maxBody);
  } catch {
    // The client went away mid-body (or sent a broken stream): nothing to answer it with but a 400.
    throw Object.assign(new ApiError(400, "bad_body", "请求体读取失败"), { body: { bytes: Buffer.alloc(0), tooLarge: false, complete: false } });
  }
  if (body.tooLarge) throw Object.assign(new ApiError(413, "body_too_large", `请求体超过 ${Math.round(maxBody / 1024)} KiB，已拒收`), { body });
  if (body.bytes.length > 0 && !isJsonContentType(req.headers.get("content-type"))) {
    throw Object.assign(new ApiError(415, "unsupported_media_type", "请求体必须是 JSON（Content-Type: application/json）"), { body });
  }
  return body;
}

/** Outside production a response that does not match its contract is a bug: it fails loudly (500, logged). */
const checkResponses = process.env.NODE_ENV !== "production";

function checked(contract: z.ZodType | undefined, result: unknown, path: string): unknown {
  if (!contract || !checkResponses) return result;
  const r = contract.safeParse(result);
  if (!r.success) throw new Error(`response of ${path} does not match its contract: ${z.prettifyError(r.error)}`);
  return result;
}

function wrap<Ctx, C extends z.ZodType>(authorize: (req: NextRequest, base: PublicCtx) => Promise<Ctx>, handler: Handler<Ctx, C>, options: RouteOptions<C> = {}) {
  const maxBody = options.maxBody ?? DEFAULT_BODY_LIMIT;
  return async (req: NextRequest, context: RouteContext): Promise<Response> => {
    // What the reply must say about the connection: a body that was not read to its end closes it.
    let connection: Record<string, string> = {};
    try {
      let body: BodyRead | null = null;
      if (!SAFE_METHODS.has(req.method)) {
        // Refused before reading: whatever body came is left unread.
        connection = req.body ? { connection: "close" } : {};
        body = await admit(req, maxBody);
        connection = closeHeaders(body);
      }
      await ready();
      const base = makeCtx(req, (await context?.params) ?? {}, body);
      const result = await handler(await authorize(req, base));
      if (result instanceof Response) return withHeaders(result, connection);
      return Response.json(checked(options.response, result, req.nextUrl.pathname), { status: options.status ?? 200, headers: { "cache-control": "no-store", ...connection } });
    } catch (e) {
      const read = (e as { body?: BodyRead }).body;
      if (read) connection = closeHeaders(read);
      if (e instanceof ApiError) return errorResponse(e, connection);
      if (e instanceof LockedOut) return errorResponse(new ApiError(429, "rate_limited", e.message), connection);
      log.error("api: unhandled error", { path: req.nextUrl.pathname, error: e instanceof Error ? e.stack : String(e) });
      return errorResponse(new ApiError(500, "internal", "服务器错误，请稍后再试"), connection);
    }
  };
}

function withHeaders(res: Response, headers: Record<string, string>): Response {
  if (!Object.keys(headers).length) return res;
  try {
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    return res;
  } catch {
    // Immutable headers (a Response.redirect, a fetched response): copy it.
    const copy = new Headers(res.headers);
    for (const [k, v] of Object.entries(headers)) copy.set(k, v);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers: copy });
  }
}

export const publicRoute = <C extends z.ZodType = z.ZodNever>(handler: Handler<PublicCtx, C>, options?: RouteOptions<C>) => wrap(async (_req, base) => base, handler, options);

export const memberRoute = <C extends z.ZodType = z.ZodNever>(handler: Handler<UserCtx, C>, options?: RouteOptions<C>) =>
  wrap(
    async (req, base) => {
      const user = await userFromRequest(req);
      if (!user) throw unauthorized();
      return { ...base, user };
    },
    handler,
    options,
  );

export const adminRoute = <C extends z.ZodType = z.ZodNever>(handler: Handler<UserCtx, C>, options?: RouteOptions<C>) =>
  wrap(
    async (req, base) => {
      const user = await userFromRequest(req);
      if (!user) throw unauthorized();
      if (user.role !== "ADMIN") throw forbidden();
      return { ...base, user };
    },
    handler,
    options,
  );
