import type { SystemGraph } from "../graph/model.js";
import { explainComponent, type ComponentExplanation } from "./explain.js";
import { closestNames, componentNames, findComponents, type FoundComponent } from "./find-component.js";
import {
  whatIfDelete,
  whatIfMerge,
  type DeleteOutcome,
  type MergeOutcome,
  type MergeRefusal,
} from "./what-if.js";

/**
 * The questions a reviewer can ask about one tree (`explain`, `what-if merge`, `what-if delete`), resolved by
 * component name across its systems. A name found in several systems is answered for each of them.
 */
export interface NotFound {
  kind: "not-found";
  name: string;
  /** Names of the tree's components closest to the one asked for. */
  closest: string[];
}

export type Answer<T> = NotFound | { kind: "answered"; answers: T[] };

export type MergeAnswer =
  | Answer<MergeOutcome>
  | { kind: "refused"; refusal: MergeRefusal; system: string }
  | { kind: "different-systems"; moved: string[]; into: string[] };

function notFound(systems: readonly SystemGraph[], name: string): NotFound {
  return { kind: "not-found", name, closest: closestNames(componentNames(systems), name) };
}

/** Asks `question` of every component called `name`. */
function askEach<T>(
  systems: readonly SystemGraph[],
  name: string,
  question: (found: FoundComponent) => T,
): Answer<T> {
  const found = findComponents(systems, name);
  return found.length === 0 ? notFound(systems, name) : { kind: "answered", answers: found.map(question) };
}

export function askExplain(
  systems: readonly SystemGraph[],
  name: string,
  componentAvailability: number,
): Answer<ComponentExplanation> {
  return askEach(systems, name, ({ system, component }) =>
    explainComponent(system, component, componentAvailability),
  );
}

export function askDelete(
  systems: readonly SystemGraph[],
  name: string,
  componentAvailability: number,
): Answer<DeleteOutcome> {
  return askEach(systems, name, ({ system, component }) =>
    whatIfDelete(system, component.name, componentAvailability),
  );
}

/** Merging needs both components in one system; the first refusal stands for all when none can be merged. */
export function askMerge(
  systems: readonly SystemGraph[],
  moved: string,
  into: string,
  componentAvailability: number,
): MergeAnswer {
  const movedFound = findComponents(systems, moved);
  if (movedFound.length === 0) return notFound(systems, moved);
  const intoFound = findComponents(systems, into);
  if (intoFound.length === 0) return notFound(systems, into);
  const pairs = movedFound.flatMap((a) =>
    intoFound.filter((b) => b.system === a.system).map((b) => ({ system: a.system, a, b })),
  );
  if (pairs.length === 0) {
    return {
      kind: "different-systems",
      moved: movedFound.map((found) => found.system.id),
      into: intoFound.map((found) => found.system.id),
    };
  }
  const answers: MergeOutcome[] = [];
  let refused: { refusal: MergeRefusal; system: string } | undefined;
  for (const { system, a, b } of pairs) {
    const result = whatIfMerge(system, a.component.name, b.component.name, componentAvailability);
    if (result.ok) answers.push(result.outcome);
    else refused ??= { refusal: result.refusal, system: system.id };
  }
  if (answers.length === 0 && refused) return { kind: "refused", ...refused };
  return { kind: "answered", answers };
}
