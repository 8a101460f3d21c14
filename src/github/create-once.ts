import { httpStatusOf } from "./client.js";

/** A 5xx, a timeout or a dropped connection: GitHub may have done the work before the answer was lost. */
function mayHaveHappened(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status === undefined || status >= 500;
}

/**
 * Runs a create that must not happen twice. When an attempt fails in a way that leaves it unknown whether GitHub
 * made the object, `findMade` looks for it; only when it is not there is the create tried again, once.
 */
export async function createOnce<T>(
  create: () => Promise<T>,
  findMade: () => Promise<T | undefined>,
): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (!mayHaveHappened(error)) throw error;
    const made = await findMade();
    return made ?? create();
  }
}
