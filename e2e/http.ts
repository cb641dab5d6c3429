// A plain HTTP/1.1 client for the specs that test the transport itself: kept-alive connections (one socket,
// reused), a chosen source address (127.0.0.x, so limits counted per address do not touch the browser tests'),
// raw bodies, and a cookie jar for next-auth's CSRF-protected login.
import http from "node:http";
import { E2E_PORT } from "./env";

export interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Whether the request went out on a socket that had served an earlier request. */
  reused: boolean;
}
export type RawResult = RawReply | { error: string; reused: boolean };

export class RawClient {
  readonly agent: http.Agent;
  private readonly jar = new Map<string, string>();

  /** `from`: the source address of the connections (any 127.0.0.0/8 address works on loopback). */
  constructor(readonly from = "127.0.0.1") {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  request(method: string, path: string, o: { body?: string | Buffer; headers?: http.OutgoingHttpHeaders; chunked?: boolean } = {}): Promise<RawResult> {
    return new Promise((resolve) => {
      const headers: http.OutgoingHttpHeaders = { ...o.headers };
      if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
      if (o.body !== undefined && !o.chunked) headers["content-length"] = Buffer.byteLength(o.body);
      const req = http.request({ host: "127.0.0.1", port: E2E_PORT, localAddress: this.from, method, path, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          for (const c of ([] as string[]).concat(res.headers["set-cookie"] ?? [])) {
            const [pair] = c.split(";");
            const i = pair.indexOf("=");
            this.jar.set(pair.slice(0, i).trim(), pair.slice(i + 1));
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), reused: req.reusedSocket });
        });
        res.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message, reused: req.reusedSocket }));
      });
      req.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message, reused: req.reusedSocket }));
      req.setTimeout(30_000, () => req.destroy(new Error("client timeout")));
      if (o.body !== undefined && o.chunked) {
        const b = Buffer.from(o.body);
        for (let i = 0; i < b.length; i += 16_384) req.write(b.subarray(i, i + 16_384));
        req.end();
      } else req.end(o.body);
    });
  }

  /** next-auth's credentials login, as its client does it: CSRF token first, then the form. */
  async login(username: string, password: string, headers: http.OutgoingHttpHeaders = {}): Promise<{ ok: boolean; error: string | null }> {
    const csrf = await this.request("GET", "/api/auth/csrf", { headers });
    if ("error" in csrf) throw new Error(`csrf: ${csrf.error}`);
    const form = new URLSearchParams({ csrfToken: JSON.parse(csrf.body).csrfToken, username, password, json: "true" }).toString();
    const r = await this.request("POST", "/api/auth/callback/credentials", { body: form, headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });
    if ("error" in r) throw new Error(`login: ${r.error}`);
    const url = new URL(JSON.parse(r.body).url as string, "http://x");
    return { ok: !url.searchParams.has("error"), error: url.searchParams.get("error") };
  }

  close() {
    this.agent.destroy();
  }
}
