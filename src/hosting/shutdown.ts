import type { Backlog } from "../github/work-queue.js";

interface Stoppable {
  stop(): Promise<void>;
}

/**
 * On SIGTERM (a deploy, a scale-down) or SIGINT: stop taking deliveries, finish the analyses already answered for,
 * then exit. Probot's own SIGINT handler would exit at once, dropping them, so it is replaced.
 */
export function stopGracefully(
  server: Stoppable,
  backlog: Backlog,
  exit: (code: number) => void = process.exit,
): (signal: string) => Promise<void> {
  process.removeAllListeners("SIGINT");
  const stop = async (signal: string) => {
    console.info(`${signal}: finishing ${backlog.size} answered deliveries before stopping`);
    // Closing waits for idle keep-alive connections too: the exit after the drain does not wait for it.
    void server.stop().catch(() => undefined);
    await backlog.drain();
    exit(0);
  };
  process.once("SIGTERM", (signal) => void stop(signal));
  process.once("SIGINT", (signal) => void stop(signal));
  return stop;
}
