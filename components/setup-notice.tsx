// Shown on the landing and login pages while no admin exists: where the one-time setup link is (lib/setup).
import { connection } from "next/server";
import { ready } from "@/lib/db";
import { adminExists } from "@/lib/setup/first-admin";

/** Nothing when an admin exists, or when the database cannot say (the page itself must still load). */
async function noAdminYet(): Promise<boolean> {
  try {
    await ready();
    return !(await adminExists());
  } catch {
    return false;
  }
}

export async function SetupNotice() {
  await connection(); // read at request time, never at build time
  if (!(await noAdminYet())) return null;
  return (
    <p role="status" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      管理员尚未创建：请查看服务器启动日志中的初始化链接（以 /setup?token= 开头），打开后创建第一个管理员。
    </p>
  );
}
