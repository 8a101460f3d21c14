// The faulty worker run from its TypeScript source, as the app's own worker is (see analysis-worker.source.mjs).
import { register } from "tsx/esm/api";

register();
await import("./faulty-worker.ts");
