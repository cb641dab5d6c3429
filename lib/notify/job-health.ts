// Consecutive failed runs of each background job in this process, for the "job failing" alert.
const failures = ((globalThis as unknown as { __cpsJobFailures?: Record<string, number> }).__cpsJobFailures ??= {});

export function recordJobRun(name: string, ok: boolean) {
  failures[name] = ok ? 0 : (failures[name] ?? 0) + 1;
}

export const jobFailures = (): Record<string, number> => ({ ...failures });
