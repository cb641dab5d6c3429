// npm run admin:create -- --username boss@example.com --password '…'
// Creates an admin, or makes an existing account admin with the new password. Falls back to
// ADMIN_USERNAME / ADMIN_PASSWORD. Uses the same database as the app (DATABASE_URL or the embedded default).
import { parseArgs } from "node:util";

try {
  process.loadEnvFile();
} catch {
  // no .env: the environment alone is used
}

const { values } = parseArgs({ options: { username: { type: "string" }, password: { type: "string" } } });
const username = values.username ?? process.env.ADMIN_USERNAME;
const password = values.password ?? process.env.ADMIN_PASSWORD;
if (!username || !password) {
  console.error("用法: npm run admin:create -- --username <手机号或邮箱> --password <至少 8 位密码>");
  process.exit(2);
}

const { closeDb, ready } = await import("../lib/db");
const { upsertAdmin } = await import("../lib/accounts/register");
try {
  await ready();
  const result = await upsertAdmin(username, password);
  console.log(result === "created" ? `已创建管理员 ${username}` : `已将 ${username} 设为管理员并重置密码`);
} catch (e) {
  const message = e instanceof Error && "issues" in e ? (e as { issues: { message: string }[] }).issues.map((i) => i.message).join("；") : String(e);
  console.error(`失败: ${message}`);
  process.exitCode = 1;
} finally {
  await closeDb();
}
