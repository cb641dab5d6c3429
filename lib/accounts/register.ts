// Creating accounts: members through registration, the first admin from the environment or the CLI.
import { randomUUID } from "node:crypto";
import { db, rawDb } from "../db";
import { one, type Dialect, type Work } from "../db/sql";
import { syncOrderCommissions } from "../earnings/ledger";
import { ApiError, assertCleanText, invalid } from "../api/errors";
import { hashPassword } from "../auth/password";
import { newInviteCode, newSid } from "./ids";
import { RegisterSchema, UsernameSchema, PasswordSchema } from "./validation";

export interface Registered {
  id: string;
  sid: string;
  inviteCode: string;
}

const uniqueViolationOn = (e: unknown): string | null => {
  const err = e as { code?: string; message?: string; constraint?: string };
  if (err.code === "23505" || err.code === "SQLITE_CONSTRAINT_UNIQUE" || err.code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
    return `${err.constraint ?? ""} ${err.message ?? ""}`;
  }
  return null;
};

export interface NewUser {
  id: string;
  username: string;
  passwordHash: string;
  name: string | null;
  role: "MEMBER" | "ADMIN";
  sid: string;
  inviteCode: string;
  inviterId: string | null;
}

/** The user, their place in the referral tree, and any orders already waiting for their sid, in one transaction. */
export function* insertUser(u: NewUser, dialect: Dialect): Work<void> {
  const now = new Date();
  yield* one(
    `INSERT INTO users ("id", "username", "passwordHash", "name", "role", "sid", "inviteCode", "inviterId", "disabled", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [u.id, u.username, u.passwordHash, u.name, u.role, u.sid, u.inviteCode, u.inviterId, false, now, now],
  );
  yield* one(`INSERT INTO referral_paths ("ancestorId", "descendantId", "depth") VALUES (?, ?, 0)`, [u.id, u.id]);
  if (u.inviterId) {
    yield* one(
      `INSERT INTO referral_paths ("ancestorId", "descendantId", "depth") SELECT "ancestorId", ?, "depth" + 1 FROM referral_paths WHERE "descendantId" = ?`,
      [u.id, u.inviterId],
    );
  }
  const waiting = yield* one(`UPDATE orders SET "memberId" = ?, "updatedAt" = ? WHERE "sid" = ? AND "memberId" IS NULL RETURNING "id"`, [u.id, now, u.sid]);
  for (const o of waiting) yield* syncOrderCommissions(Number(o.id), { dialect, at: now, cause: "attribution" });
}

async function createUser(data: { username: string; password: string; name?: string; role: "MEMBER" | "ADMIN"; inviterId?: string | null }) {
  const passwordHash = await hashPassword(data.password);
  const raw = rawDb();
  for (let attempt = 0; ; attempt++) {
    const user: NewUser = {
      id: randomUUID(),
      username: data.username,
      passwordHash,
      name: data.name ?? null,
      role: data.role,
      sid: newSid(),
      inviteCode: newInviteCode(),
      inviterId: data.inviterId ?? null,
    };
    try {
      await raw.transaction(() => insertUser(user, raw.dialect));
      return { id: user.id, sid: user.sid, inviteCode: user.inviteCode };
    } catch (e) {
      const on = uniqueViolationOn(e);
      if (on === null) throw e;
      if (on.includes("username")) throw new ApiError(409, "username_taken", "该手机号或邮箱已注册");
      if (attempt >= 5) throw e; // a generated sid or invite code collided five times: not plausible
    }
  }
}

export async function registerMember(input: unknown): Promise<Registered> {
  assertCleanText(input);
  const parsed = RegisterSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const { username, password, name, inviteCode } = parsed.data;
  let inviterId: string | null = null;
  if (inviteCode) {
    const inviter = await db().user.findUnique({ where: { inviteCode }, select: { id: true } });
    if (!inviter) throw new ApiError(422, "invalid_invite_code", "邀请码不存在", { inviteCode: ["邀请码不存在"] });
    inviterId = inviter.id;
  }
  return createUser({ username, password, name, role: "MEMBER", inviterId });
}

/** Creates an admin, or promotes and resets the password of an existing account. Returns what it did. */
export async function upsertAdmin(usernameInput: string, password: string): Promise<"created" | "updated"> {
  const username = UsernameSchema.parse(usernameInput);
  PasswordSchema.parse(password);
  const existing = await db().user.findUnique({ where: { username }, select: { id: true } });
  if (existing) {
    await db().user.update({ where: { id: existing.id }, data: { role: "ADMIN", disabled: false, passwordHash: await hashPassword(password) } });
    return "updated";
  }
  await createUser({ username, password, role: "ADMIN" });
  return "created";
}

/** On start: the first admin from ADMIN_USERNAME / ADMIN_PASSWORD, only while no admin exists. */
export async function bootstrapAdmin(username: string | undefined, password: string | undefined): Promise<boolean> {
  if (!username || !password) return false;
  const admins = await db().user.count({ where: { role: "ADMIN" } });
  if (admins > 0) return false;
  try {
    await upsertAdmin(username, password);
  } catch (e) {
    // Instances starting together race to create the same first admin: the unique username decides, and the
    // losers simply find it done.
    if (e instanceof ApiError && e.code === "username_taken") return false;
    throw e;
  }
  return true;
}
