// Who is asking, checked on the server against the database on every request: a disabled member or a revoked
// admin loses access at once, even while their session cookie is still valid.
import { cache } from "react";
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { rawDb } from "../db";
import { q } from "../db/query";
import { authOptions } from "./options";
import type { Role } from "../contracts/enums";
import { authSecret } from "./secret";

export interface CurrentUser {
  id: string;
  username: string;
  name: string | null;
  role: Role;
  sid: string;
  inviteCode: string;
}

async function loadActive(id: unknown): Promise<CurrentUser | null> {
  if (typeof id !== "string") return null;
  const user = await rawDb().row(q.selectFrom("users").select(["id", "username", "name", "role", "sid", "inviteCode", "disabled"]).where("id", "=", id));
  if (!user || user.disabled) return null;
  const { disabled: _, ...rest } = user;
  return { ...rest, role: rest.role as Role };
}

/** For route handlers. */
export async function userFromRequest(req: NextRequest): Promise<CurrentUser | null> {
  const token = await getToken({ req, secret: authSecret() });
  return loadActive(token?.uid);
}

/**
 * For server components and layouts. Once per request: a page and its layout both ask, and each answer costs a
 * session cookie decrypted and a database read (React's cache lasts one server render).
 */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions());
  return loadActive((session?.user as { id?: string } | undefined)?.id);
});
