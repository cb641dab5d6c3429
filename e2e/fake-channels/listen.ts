// A small HTTP stand-in on 127.0.0.1 (port 0 in tests): collects each request's body and answers through the handler.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Listening {
  base: string;
  close(): Promise<void>;
}

export type Handle = (req: IncomingMessage, body: Buffer, res: ServerResponse) => unknown;

export async function listen(handle: Handle, port = 0): Promise<Listening> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      Promise.resolve(handle(req, Buffer.concat(chunks), res)).catch((e) => {
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: String(e) }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json = (res: ServerResponse, status: number, body: unknown): void => void res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
