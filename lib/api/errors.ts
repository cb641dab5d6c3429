// The one error shape of the JSON API: {error: {code, message, fields?}} with a message in Chinese.
import { z } from "zod";

export class ApiError extends Error {
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
  const { fieldErrors, formErrors } = z.flattenError(error);
  const first = formErrors[0] ?? Object.values(fieldErrors as Record<string, string[]>).flat()[0] ?? "输入有误";
  return new ApiError(422, "invalid", first, fieldErrors as Record<string, string[]>);
}

export function errorResponse(e: ApiError): Response {
  return Response.json(
    { error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } },
    { status: e.status, headers: { "cache-control": "no-store" } },
  );
}
