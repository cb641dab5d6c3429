// What the browser and the API contracts may depend on: lib/contracts and lib/client import — directly or through
// any module they import — nothing of the database (lib/db, generated/, pg, better-sqlite3, Prisma), so a contract
// can be shared by server and client and a page bundle can never pull in a driver.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FORBIDDEN_PACKAGES = [/^pg($|\/)/, /^better-sqlite3($|\/)/, /^@prisma\//, /^prisma($|\/)/, /^kysely($|\/)/];
const FORBIDDEN_FILES = [/^lib\/db\//, /^generated\//];

const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function resolve(from: string, spec: string): string | null {
  const base = spec.startsWith("@/") ? path.join(ROOT, spec.slice(2)) : spec.startsWith(".") ? path.resolve(path.dirname(from), spec) : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) if (existsSync(candidate) && candidate.match(/\.tsx?$/)) return candidate;
  return null;
}

/** Every module `entry` reaches, and every package any of them names. */
function closure(entries: string[]) {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const todo = [...entries];
  while (todo.length) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      const target = resolve(file, spec);
      if (target) todo.push(target);
      else if (!spec.startsWith(".") && !spec.startsWith("@/")) packages.set(spec, path.relative(ROOT, file));
      else throw new Error(`${path.relative(ROOT, file)}: cannot resolve ${spec}`);
    }
  }
  return { files: [...files].map((f) => path.relative(ROOT, f).split(path.sep).join("/")), packages };
}

const entries = (dir: string) => (readdirSync(path.join(ROOT, dir)) as string[]).filter((f) => /\.tsx?$/.test(f)).map((f) => path.join(ROOT, dir, f));

describe.each(["lib/contracts", "lib/client"])("%s", (dir) => {
  const { files, packages } = closure(entries(dir));

  it("has modules to check (so the checks below cannot pass on nothing)", () => {
    expect(files.filter((f) => f.startsWith(`${dir}/`)).length).toBeGreaterThanOrEqual(5);
  });

  it("reaches no database module, directly or through what it imports", () => {
    for (const f of files) for (const bad of FORBIDDEN_FILES) expect(f, `${dir} reaches ${f}`).not.toMatch(bad);
  });

  it("names no database package anywhere in what it imports", () => {
    for (const [spec, by] of packages) for (const bad of FORBIDDEN_PACKAGES) expect(spec, `${by} imports ${spec}`).not.toMatch(bad);
  });
});

describe("the check itself", () => {
  it("does see a database import when there is one", () => {
    const { files, packages } = closure([path.join(ROOT, "lib/health.ts")]);
    expect(files.some((f) => f.startsWith("lib/db/"))).toBe(true);
    expect([...packages.keys()].some((p) => FORBIDDEN_PACKAGES.some((r) => r.test(p)))).toBe(true);
  });
});
