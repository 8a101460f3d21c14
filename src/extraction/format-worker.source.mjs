// The format worker run from its TypeScript source (tests, `tsx`). Node 20 gives a worker thread none of its
// parent's module loaders, so this one registers the TypeScript loader itself before loading the worker.
import { register } from "tsx/esm/api";

register();
await import("./format-worker.ts");
