// Creating accounts: members through registration, the first admin from the environment or the CLI.
import { randomUUID } from "node:crypto";
import { db } from "../db";
import { ApiError, invalid } from "../api/errors";
import { hashPassword } from "../auth/password";
import { newInviteCode, newSid } from "./ids";
import { RegisterSchema, UsernameSchema, PasswordSchema } from "./validation";

export interface Registered {
  id: string;
  sid: string;
  inviteCode: string;
}

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === "P2002";

async function createUser(data: { username: string; password: string; name?: string; role: "MEMBER" | "ADMIN"; inviterId?: string | null }) {
  const passwordHash = await hashPassword(data.password);
  for (let attempt = 0; ; attempt++) {
    try {
      return await db().user.create({
        data: {
          id: randomUUID(),
          username: data.username,
          passwordHash,
          name: data.name ?? null,
          role: data.role,
          sid: newSid(),
          inviteCode: newInviteCode(),
          inviterId: data.inviterId ?? null,
        },
        select: { id: true, sid: true, inviteCode: true },
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const taken = await db().user.findUnique({ where: { username: data.username }, select: { id: true } });
      if (taken) throw new ApiError(409, "username_taken", "该手机号或邮箱已注册");
      if (attempt >= 5) throw e; // a generated sid or invite code collided five times: not plausible
    }
  }
}

export async function registerMember(input: unknown): Promise<Registered> {
  const parsed = RegisterSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const { username, password, name, inviteCode } = parsed.data;
  let inviterId: string | null = null;
  if (inviteCode) {
    const inviter = await db().user.findUnique({ where: { inviteCode }, select: { id: true } });
    if (!inviter) throw new ApiError(422, "invalid_invite_code", "邀请码不存在", { inviteCode: ["邀请码不存在"] });
    inviterId = inviter.id;
  }
  const user = await createUser({ username, password, name, role: "MEMBER", inviterId });
  // Orders that arrived for this sid before the member existed now become theirs.
  await db().order.updateMany({ where: { sid: user.sid, memberId: null }, data: { memberId: user.id } });
  return user;
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
  await upsertAdmin(username, password);
  return true;
}
