import { afterEach, describe, expect, it } from "vitest";
import { Backlog } from "../../src/github/work-queue.js";
import { stopGracefully } from "../../src/hosting/shutdown.js";

describe("stopping the server", () => {
  const before = { SIGINT: process.listeners("SIGINT"), SIGTERM: process.listeners("SIGTERM") };
  afterEach(() => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.removeAllListeners(signal);
      for (const listener of before[signal]) process.on(signal, listener);
    }
  });

  it("stops taking deliveries, then exits only once the answered ones are analysed", async () => {
    const events: string[] = [];
    const backlog = new Backlog();
    let finish!: () => void;
    backlog.add(new Promise<void>((resolve) => (finish = resolve)).then(() => void events.push("analysed")));
    const server = { stop: async () => void events.push("stopped taking deliveries") };

    const stop = stopGracefully(server, backlog, (code) => void events.push(`exit ${code}`));
    const stopping = stop("SIGTERM");
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(["stopped taking deliveries"]);
    finish();
    await stopping;

    expect(events).toEqual(["stopped taking deliveries", "analysed", "exit 0"]);
    expect(process.listenerCount("SIGTERM")).toBe(1);
  });
});
