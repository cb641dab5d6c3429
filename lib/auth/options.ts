// next-auth: username (phone or email) + password, JWT sessions carrying the user's id and role for the UI.
// Every server-side check re-reads the user from the database (lib/auth/session.ts).
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { rawDb, ready } from "../db";
import { q } from "../db/query";
import { clientAddress } from "../net/client-address";
import { addressKey, LOGIN_PER_ACCOUNT, LOGIN_PER_IP, reserveAttempts } from "./throttle";
import { UsernameSchema } from "../contracts/members";
import type { Role } from "../contracts/enums";
import { verifyPassword } from "./password";
import { authSecret } from "./secret";

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "账号密码",
        credentials: {
          username: { label: "手机号或邮箱", type: "text" },
          password: { label: "密码", type: "password" },
        },
        async authorize(credentials, req) {
          const username = UsernameSchema.safeParse(credentials?.username ?? "");
          const password = credentials?.password ?? "";
          if (!username.success || !password) return null;
          await ready();
          const raw = rawDb();
          const accountKey = `login:user:${username.data}`;
          const ipKey = addressKey("login", clientAddress(req?.headers));
          // The attempt is counted before the password is checked, so that guesses sent at once cannot all be
          // evaluated; a locked account or address is refused with when to retry.
          const reserved = await reserveAttempts(raw, [
            { key: accountKey, limit: LOGIN_PER_ACCOUNT },
            { key: ipKey, limit: LOGIN_PER_IP },
          ]);
          const user = await raw.row(q.selectFrom("users").select(["id", "username", "name", "role", "passwordHash", "disabled"]).where("username", "=", username.data));
          if (!user || user.disabled || !(await verifyPassword(user.passwordHash, password))) return null;
          // Only failures count: the account's are forgotten, the address gets its attempt back.
          await reserved.clear([accountKey]);
          await reserved.release([ipKey]);
          return { id: user.id, name: user.name ?? user.username, email: user.username, role: user.role as Role };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.role = (user as { role?: Role }).role ?? "MEMBER";
        }
        return token;
      },
      session({ session, token }) {
        if (session.user) Object.assign(session.user, { id: token.uid, role: token.role });
        return session;
      },
    },
  };
}
