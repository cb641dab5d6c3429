// The one error shape of the JSON API: {error: {code, message, fields?}} with a message in Chinese.
import { z } from "zod";
import { invalidInput } from "../contracts/common";

// By a mark, not identity: a production build may bundle this module more than once (one copy per route), and
// an error made by one copy — the read pool rebuilds a worker's (lib/reads/protocol.ts) — meets the handler of another.
const API_ERROR = Symbol.for("cps.ApiError");

export class ApiError extends Error {
  readonly [API_ERROR] = true;

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[API_ERROR] === true;
  }

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string[] | undefined>,
  ) {
    super(message);
  }
}

export const unauthorized = () => new ApiError(401, "unauthorized", "请先登录");
export const forbidden = () => new ApiError(403, "forbidden", "没有权限访问");
export const notFound = (what = "资源") => new ApiError(404, "not_found", `${what}不存在`);

export function invalid(error: z.ZodError): ApiError {
  const { message, fields } = invalidInput(error);
  return new ApiError(422, "invalid", message, fields);
}

export function errorResponse(e: ApiError, headers: Record<string, string> = {}): Response {
  return Response.json(
    { error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } },
    { status: e.status, headers: { "cache-control": "no-store", ...headers } },
  );
}

// NUL cannot be stored in PostgreSQL text and a lone surrogate breaks Prisma's JSON protocol: neither is ever
// meaningful input, so both are refused at the edge.
const BAD_CHARS = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Throws a 422 when any string inside `value` holds a NUL or a lone surrogate. */
export function assertCleanText(value: unknown, depth = 0): void {
  if (typeof value === "string") {
    if (BAD_CHARS.test(value)) throw new ApiError(422, "invalid_characters", "输入包含无效字符");
  } else if (value && typeof value === "object" && depth < 32) {
    for (const [k, v] of Object.entries(value)) {
      assertCleanText(k, depth + 1);
      assertCleanText(v, depth + 1);
    }
  }
}
