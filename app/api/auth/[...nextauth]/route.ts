import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { SMALL_BODY_LIMIT } from "@/lib/api/handler";
import { errorResponse, ApiError } from "@/lib/api/errors";
import { authOptions } from "@/lib/auth/options";
import { closeHeaders, readBody } from "@/lib/http/body";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// next-auth reads the whole body of its own routes (the credentials form among them): it gets the body only
// after it was read within the login limit. Its CSRF token protects these routes from other sites.
async function handler(req: NextRequest, ctx: Ctx) {
  if (req.method !== "POST") return NextAuth(req, ctx, authOptions());
  const body = await readBody(req, SMALL_BODY_LIMIT);
  if (body.tooLarge) return errorResponse(new ApiError(413, "body_too_large", `请求体超过 ${SMALL_BODY_LIMIT / 1024} KiB，已拒收`), closeHeaders(body));
  const buffered = new NextRequest(req.nextUrl, { method: req.method, headers: req.headers, body: new Uint8Array(body.bytes) });
  return NextAuth(buffered, ctx, authOptions());
}

export { handler as GET, handler as POST };
