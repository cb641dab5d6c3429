// First start without an admin: while none exists, every server start prints a one-time link to /setup, where the
// operator creates the first admin. The token is consumed in the transaction that creates the admin, so it never
// works twice, and once any admin exists the page and its API are gone (404).
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { insertUser } from "../accounts/register";
import { newInviteCode, newSid } from "../accounts/ids";
import { FirstAdminSchema, type FirstAdminCreated } from "../contracts/setup";
import { ApiError, assertCleanText, invalid, notFound } from "../api/errors";
import { hashPassword } from "../auth/password";
import { rawDb } from "../db";
import { isUniqueViolation } from "../db/errors";
import { changes, exec, first, q } from "../db/query";
import { env } from "../env";
import { log } from "../log";

export const SETUP_PATH = "/setup";

const invalidToken = () => new ApiError(403, "invalid_setup_token", "初始化链接无效或已使用：请查看服务器启动日志中最新的初始化链接");
const gone = () => notFound("页面");

// Digests have one length whatever was typed, so timingSafeEqual never throws and never shortcuts.
const digest = (token: string) => createHash("sha256").update(token, "utf8").digest();
const sameDigest = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

const anyAdmin = q.selectFrom("users").select("id").where("role", "=", "ADMIN").limit(1);

/** One indexed lookup (users.role), cheap enough for every landing and login page. */
export const adminExists = async (): Promise<boolean> => (await rawDb().row(anyAdmin)) !== undefined;

/** Whether `token` opens the setup page (no admin yet, and the token is one of the printed ones). */
export async function setupTokenValid(token: string | undefined): Promise<boolean> {
  if (!token || (await adminExists())) return false;
  const wanted = digest(token);
  const tokens = await rawDb().rows(q.selectFrom("setup_tokens").select("hash"));
  return tokens.some((t) => sameDigest(Buffer.from(t.hash, "hex"), wanted));
}

const setupUrl = (token: string) => {
  const e = env();
  const base = e.NEXTAUTH_URL ?? `http://localhost:${e.PORT ?? 3000}`;
  return new URL(`${SETUP_PATH}?token=${token}`, base).toString();
};

/**
 * On start, after ADMIN_USERNAME had its chance: with no admin, a fresh token is stored (hashed) and its link
 * printed; with one, leftover tokens are deleted. Never throws: a failure is logged and the server carries on.
 */
export async function offerFirstAdminSetup(): Promise<void> {
  try {
    if (await adminExists()) {
      await rawDb().run(() => changes(q.deleteFrom("setup_tokens")));
      return;
    }
    const token = randomBytes(32).toString("base64url");
    await rawDb().run(() => changes(q.insertInto("setup_tokens").values({ hash: digest(token).toString("hex"), createdAt: new Date() })));
    log.notice("no admin yet: open this one-time link to create the first admin (or set ADMIN_USERNAME and ADMIN_PASSWORD)", { setupUrl: setupUrl(token) });
  } catch (err) {
    log.error("the first-admin setup link could not be created", { error: err instanceof Error ? err.message : String(err) });
  }
}

/** Creates the first admin with a printed token. 404 once any admin exists, 403 for a token that does not open it. */
export async function createFirstAdmin(body: unknown): Promise<FirstAdminCreated> {
  if (await adminExists()) throw gone();
  assertCleanText(body);
  const parsed = FirstAdminSchema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error);
  const input = parsed.data;
  const wanted = digest(input.token);
  const passwordHash = await hashPassword(input.password);
  const raw = rawDb();
  const user = {
    id: randomUUID(), username: input.username, passwordHash, name: input.name, role: "ADMIN" as const,
    sid: newSid(), inviteCode: newInviteCode(), inviterId: null,
  };
  try {
    await raw.transaction(function* () {
      // Every token row locked: two requests (same token or two instances' tokens) run one after the other, and
      // the second finds the tokens gone.
      const tokens = yield* exec(q.selectFrom("setup_tokens").select("hash").forUpdate());
      const match = tokens.find((t) => sameDigest(Buffer.from(t.hash, "hex"), wanted));
      if ((yield* first(anyAdmin)) !== undefined) throw gone();
      if (!match) throw invalidToken();
      if ((yield* changes(q.deleteFrom("setup_tokens").where("hash", "=", match.hash))) !== 1) throw invalidToken();
      yield* changes(q.deleteFrom("setup_tokens"));
      yield* insertUser(user);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ApiError(409, "username_taken", "该手机号或邮箱已注册", { username: ["该手机号或邮箱已注册"] });
    throw e;
  }
  log.info("first admin created through the setup link", { username: user.username });
  return { id: user.id, username: user.username };
}
