/** Markdown answers to the questions a reviewer asks about one tree: explain, what-if merge, what-if delete. */
import type { ComponentExplanation, Neighbour } from "../analysis/explain.js";
import type { Answer, MergeAnswer, NotFound } from "../analysis/questions.js";
import type {
  DeleteImpact,
  DeleteOutcome,
  EntryPointOutcome,
  MergeOutcome,
  MergeRefusal,
} from "../analysis/what-if.js";
import { plural } from "../analysis/words.js";
import { codeSpan } from "./escape.js";
import { formatAvailabilityChange, formatCountChange, formatLocation, formatPercent } from "./format.js";
import { systemNameMarkdown, systemNamesMarkdown } from "./system-names.js";
import { evidenceCell, inlineText, nameList, table, type Detail } from "./markdown-blocks.js";

/** A reply stays readable: long tables are cut, with a line saying how many rows were left out. */
const DETAIL: Detail = { evidence: true, unchangedNames: false, diagrams: false, rows: 20, minor: false };
/** Systems answered for one name; a name in more systems than this is asked about in the first few. */
const MAX_SYSTEMS = 5;

export function notFoundMarkdown(answer: NotFound): string {
  const closest =
    answer.closest.length > 0
      ? ` Closest: ${answer.closest.map((name) => codeSpan(name)).join(", ")}.`
      : " No component has a similar name.";
  return `No component named ${codeSpan(answer.name)} at this head.${closest}`;
}

function each<T>(answers: T[], render: (answer: T) => string): string {
  const shown = answers.slice(0, MAX_SYSTEMS).map(render);
  if (answers.length > MAX_SYSTEMS) shown.push(`…and ${answers.length - MAX_SYSTEMS} more systems.`);
  return shown.join("\n\n");
}

function neighbourTable(title: string, neighbours: Neighbour[]): string {
  if (neighbours.length === 0) return `**${title}:** none.`;
  const rows = neighbours.map((n) => [codeSpan(n.name), n.kind, evidenceCell(n.evidence)]);
  return `**${title} (${neighbours.length})**\n\n${table(["Component", "Call", "Evidence"], rows, DETAIL)}`;
}

function explanationMarkdown(explained: ComponentExplanation): string {
  const { component } = explained;
  const facts = [`Defined at ${inlineText(formatLocation(component.location))}.`];
  if (component.image) facts.push(`Image ${codeSpan(component.image)}.`);
  if (explained.entryVia)
    facts.push(`Entry point: clients reach it by ${inlineText(explained.entryVia, 200)}.`);
  const parts = [
    `### ${codeSpan(component.name)}: ${component.kind} in ${systemNameMarkdown(explained.system)}`,
    facts.join(" "),
    neighbourTable("Called by", explained.callers),
    neighbourTable("Calls", explained.callees),
  ];
  if (explained.paths.length === 0) {
    parts.push(
      "On no entry point's request path: it runs on its own (a worker, a consumer, a scheduled job).",
    );
  } else {
    const rows = explained.paths.map((path) => [
      codeSpan(path.entry),
      String(path.roundTrips),
      String(path.callsTouching),
      String(path.depth),
      formatPercent(path.availability),
    ]);
    parts.push(
      `**On the request path of ${explained.paths.length} ${plural(explained.paths.length, "entry point")}** (each fails when it fails)\n\n` +
        table(["Entry point", "Round trips", "Calls to or from it", "Depth", "Availability"], rows, DETAIL),
    );
  }
  if (explained.mergeInto) {
    parts.push(
      `A box to delete? ${codeSpan(component.name)} is called only by ${codeSpan(explained.mergeInto)}: running it inside saves a round trip on every path through both.`,
    );
  }
  return parts.join("\n\n");
}

export function explainMarkdown(answer: Answer<ComponentExplanation>): string {
  return answer.kind === "not-found" ? notFoundMarkdown(answer) : each(answer.answers, explanationMarkdown);
}

function outcomeRow(outcome: EntryPointOutcome, effect?: string): string[] {
  const { before, after } = outcome;
  const entry =
    outcome.afterEntry && outcome.afterEntry !== outcome.entry
      ? `${codeSpan(outcome.entry)} (now ${codeSpan(outcome.afterEntry)})`
      : codeSpan(outcome.entry);
  return [
    entry,
    ...(effect === undefined ? [] : [effect]),
    formatCountChange(before.roundTrips, after?.roundTrips),
    formatCountChange(before.depth, after?.depth),
    formatCountChange(before.requestPath.length, after?.requestPath.length),
    formatAvailabilityChange(before.availability, after?.availability),
  ];
}

const NUMBER_HEADERS = ["Round trips", "Depth", "Components on path", "Availability"];

const KIND_WORDS: Record<string, string> = {
  datastore: "a datastore: its data lives on its own machine",
  cache: "a cache: its memory lives on its own machine",
  queue: "a queue or broker: what it decouples would be coupled again",
  gateway: "a gateway or proxy, not code of yours",
  external: "a third-party service, not code of yours",
};

function refusalMarkdown(refusal: MergeRefusal, system: string): string {
  switch (refusal.reason) {
    case "same-component":
      return "A component cannot be merged into itself.";
    case "not-code":
      return `Not a merge that makes sense: ${codeSpan(refusal.component)} in ${systemNameMarkdown(system)} is ${KIND_WORDS[refusal.kind]}. Only a service's code can move into another process.`;
    case "into-not-code":
      return `Not a merge that makes sense: ${codeSpan(refusal.component)} in ${systemNameMarkdown(system)} is ${KIND_WORDS[refusal.kind]}. Code can only move into a service.`;
  }
}

function mergeOutcomeMarkdown(outcome: MergeOutcome): string {
  const { moved, into } = outcome;
  const saved = outcome.entryPoints.reduce(
    (sum, entry) => sum + (entry.before.roundTrips - (entry.after?.roundTrips ?? entry.before.roundTrips)),
    0,
  );
  const lines = [
    `### If ${codeSpan(moved)} ran inside ${codeSpan(into)} (${systemNameMarkdown(outcome.system)})`,
    `Components: ${formatCountChange(outcome.componentsBefore, outcome.componentsAfter)}. Round trips saved across entry points: ${saved}.`,
  ];
  if (outcome.entryPoints.length > 0) {
    lines.push(
      table(
        ["Entry point", ...NUMBER_HEADERS],
        outcome.entryPoints.map((e) => outcomeRow(e)),
        DETAIL,
      ),
    );
  } else lines.push("No entry point reaches either component: only background work changes.");
  if (outcome.otherCallers.length > 0) {
    lines.push(`${nameList(outcome.otherCallers)} would call ${codeSpan(into)} instead.`);
  }
  const { before, after } = outcome.blastRadius;
  if (after.length > before.length) {
    lines.push(
      `One process fails as one: a failure of ${codeSpan(into)} would reach ${after.length} ${plural(after.length, "entry point")} (${nameList(after)}) instead of ${before.length}.`,
    );
  }
  return lines.join("\n\n");
}

export function mergeMarkdown(answer: MergeAnswer): string {
  switch (answer.kind) {
    case "not-found":
      return notFoundMarkdown(answer);
    case "refused":
      return refusalMarkdown(answer.refusal, answer.system);
    case "different-systems":
      return `Not a merge that makes sense: the two components are in different systems (${systemNamesMarkdown(answer.moved)}, and ${systemNamesMarkdown(answer.into)}), deployed and reached separately.`;
    case "answered":
      return each(answer.answers, mergeOutcomeMarkdown);
  }
}

const EFFECT_WORDS: Record<DeleteImpact["effect"], string> = {
  gone: "gone",
  loses: "loses part of its path",
  unaffected: "unaffected",
};

function deleteOutcomeMarkdown(outcome: DeleteOutcome): string {
  const hit = outcome.entryPoints.filter((entry) => entry.effect !== "unaffected");
  const survivors = outcome.entryPoints.filter((entry) => entry.effect === "unaffected");
  const lines = [`### If ${codeSpan(outcome.deleted)} were deleted (${systemNameMarkdown(outcome.system)})`];
  if (outcome.entryPoints.length === 0)
    lines.push("The system has no entry point: nothing a client reaches changes.");
  else
    lines.push(
      `${hit.length} of ${outcome.entryPoints.length} ${plural(outcome.entryPoints.length, "entry point")} ${hit.length === 1 ? "loses" : "lose"} something; ${survivors.length} ${survivors.length === 1 ? "survives" : "survive"} untouched.`,
    );
  if (hit.length > 0) {
    const rows = hit.map((entry) => [...outcomeRow(entry, EFFECT_WORDS[entry.effect]), nameList(entry.lost)]);
    lines.push(table(["Entry point", "Effect", ...NUMBER_HEADERS, "No longer reached"], rows, DETAIL));
  }
  if (survivors.length > 0) lines.push(`Untouched: ${nameList(survivors.map((entry) => entry.entry))}.`);
  if (outcome.callers.length > 0)
    lines.push(`Its callers would have to do without it: ${nameList(outcome.callers)}.`);
  if (outcome.stranded.length > 0)
    lines.push(`No entry point would reach these any more: ${nameList(outcome.stranded)}.`);
  return lines.join("\n\n");
}

export function deleteMarkdown(answer: Answer<DeleteOutcome>): string {
  return answer.kind === "not-found" ? notFoundMarkdown(answer) : each(answer.answers, deleteOutcomeMarkdown);
}
