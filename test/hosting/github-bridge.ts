import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { API } from "../github/helpers/github-mock.js";

/**
 * A loopback HTTP server that replays each request against api.github.com inside this process, where nock answers
 * it: a child process (a bundle, a packed install) talks to the same mocked GitHub as in-process tests, through
 * GITHUB_API_URL, and nothing leaves the machine.
 */
export async function startGitHubBridge(): Promise<{ url: string; close(): Promise<void> }> {
  nock.enableNetConnect("127.0.0.1");
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === "string" && !["host", "connection", "content-length"].includes(name))
          headers.set(name, value);
      }
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      fetch(`${API}${request.url}`, { method: request.method, headers, ...(body ? { body } : {}) })
        .then(async (answer) => {
          const text = Buffer.from(await answer.arrayBuffer());
          response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "" });
          response.end(text);
        })
        .catch((error: unknown) => {
          response.writeHead(599, { "content-type": "text/plain" });
          response.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
