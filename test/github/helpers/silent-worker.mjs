// A worker that loads but never answers a request, as one stuck while loading its modules would.
import { setInterval } from "node:timers";

setInterval(() => {}, 60_000);
