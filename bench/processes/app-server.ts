/**
 * The app's own server as `npm start` runs it (Probot's Server), on loopback, with GitHub's base URL pointing at
 * the bench's fake. `boxcutter` loads the real app (answering each delivery at once, analysing in the background);
 * `noop` an app that only acknowledges pull request events, the ceiling any app on this server can reach. Prints
 * `listening <port>` once ready. `GET /bench/drained` answers once every answered delivery has been worked off.
 */
import { generateKeyPairSync } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Probot, ProbotOctokit, Server, type ApplicationFunction } from "probot";
import { Backlog } from "../../src/github/work-queue.js";
import { appFromEnvironment } from "../../src/index.js";

const [kind, githubUrl, port] = process.argv.slice(2);
const backlog = new Backlog();
const APPS: Record<string, ApplicationFunction> = {
  boxcutter: appFromEnvironment({ background: true, backlog }),
  noop: (app) => app.on("pull_request", async () => {}),
};
const app = kind === undefined ? undefined : APPS[kind];
if (!app || githubUrl === undefined || port === undefined) {
  throw new Error("usage: app-server boxcutter|noop <github url> <port>");
}

const privateKey = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
}).privateKey;
const server = new Server({
  host: "127.0.0.1",
  port: Number(port),
  Probot: Probot.defaults({
    appId: 1,
    privateKey,
    secret: process.env.WEBHOOK_SECRET,
    baseUrl: githubUrl,
    logLevel: "warn",
    // A fake GitHub answers at once; throttling would measure the throttle, not the app.
    Octokit: ProbotOctokit.defaults((options: object) => ({ ...options, throttle: { enabled: false } })),
  }),
});
await server.load(app);
server.addHandler((request: IncomingMessage, response: ServerResponse) => {
  if (request.url !== "/bench/drained") return false;
  void backlog.drain().then(() => response.writeHead(200).end());
  return true;
});
await server.start();
process.stdout.write(`listening ${port}\n`);
