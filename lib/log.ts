// One-line JSON logs on stdout/stderr. Never pass secrets or passwords in `fields`.
type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function write(level: Level, msg: string, fields?: Record<string, unknown>, whateverTheLevel = false) {
  const min = (process.env.LOG_LEVEL as Level | undefined) ?? "info";
  if (!whateverTheLevel && ORDER[level] < (ORDER[min] ?? 20)) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields });
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
}

export const log = {
  debug: (msg: string, f?: Record<string, unknown>) => write("debug", msg, f),
  info: (msg: string, f?: Record<string, unknown>) => write("info", msg, f),
  warn: (msg: string, f?: Record<string, unknown>) => write("warn", msg, f),
  error: (msg: string, f?: Record<string, unknown>) => write("error", msg, f),
  /** A warning the operator must see whatever LOG_LEVEL says (the first-admin setup link). */
  notice: (msg: string, f?: Record<string, unknown>) => write("warn", msg, f, true),
};
