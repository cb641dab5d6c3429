// Optimistic redirect only: a visitor without a session cookie is sent to the login page and brought back to
// the page they asked for. The real checks are in the (member) and (admin) layouts and the API wrappers.
import { NextResponse, type NextRequest } from "next/server";

export function proxy(req: NextRequest) {
  const hasSession = req.cookies.getAll().some((c) => c.name.endsWith("next-auth.session-token"));
  if (hasSession) return NextResponse.next();
  const login = new URL("/login", req.url);
  login.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = { matcher: ["/me/:path*", "/admin/:path*"] };
