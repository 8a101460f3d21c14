// The faulty format worker run from its TypeScript source, as the format worker is (see format-worker.source.mjs).
import { register } from "tsx/esm/api";

register();
await import("./faulty-format-worker.ts");
