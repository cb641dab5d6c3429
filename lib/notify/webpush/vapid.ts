// The VAPID keys Web Push signs with: VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY when set, otherwise generated once into
// DATA_DIR/vapid.json (like the session secret, lib/auth/secret.ts), so every instance on that folder signs
// with the same keys and subscriptions survive restarts. Two instances starting at once: the exclusive create
// lets one write, and the other reads what it wrote.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import webpush from "web-push";
import { dataDir, env } from "../../env";
import { publicBaseUrl } from "../console-url";

export interface Vapid {
  publicKey: string;
  privateKey: string;
  subject: string;
  source: "env" | "generated";
}

let cached: Vapid | undefined;

function subject(): string {
  const fromEnv = env().VAPID_SUBJECT;
  if (fromEnv) return fromEnv;
  // Push services want a contact; the public URL is one (https), else a mailto they can at least parse.
  const base = publicBaseUrl();
  return base.startsWith("https://") ? base : "mailto:admin@localhost";
}

function readFile(file: string): { publicKey: string; privateKey: string } {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { publicKey?: unknown; privateKey?: unknown };
  if (typeof parsed.publicKey !== "string" || typeof parsed.privateKey !== "string") throw new Error(`${file} holds no VAPID keys`);
  return { publicKey: parsed.publicKey, privateKey: parsed.privateKey };
}

export function vapid(): Vapid {
  if (cached) return cached;
  const e = env();
  if (e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY) return (cached = { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY, subject: subject(), source: "env" });
  const file = path.resolve(dataDir(), "vapid.json");
  let keys: { publicKey: string; privateKey: string };
  try {
    keys = readFile(file);
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    const generated = webpush.generateVAPIDKeys();
    try {
      writeFileSync(file, JSON.stringify(generated) + "\n", { mode: 0o600, flag: "wx" });
      keys = generated;
    } catch {
      keys = readFile(file); // another process wrote it first
    }
  }
  return (cached = { ...keys, subject: subject(), source: "generated" });
}
