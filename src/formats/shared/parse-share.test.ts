import { describe, expect, it } from "vitest";
import { parseNative } from "../terraform/parser.js";
import { sharedParse, sharingParses } from "./parse-share.js";
import { loadYamlDocuments } from "./yaml.js";

const COMPOSE = "services:\n  web:\n    image: nginx\n";
const TERRAFORM = 'resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n';
/** Two sides holding both texts (and the compose text changed by a line break, on one side only). */
const BOTH = [
  [{ text: COMPOSE }, { text: TERRAFORM }],
  [{ text: COMPOSE }, { text: TERRAFORM }, { text: `${COMPOSE}\n` }],
];

describe("parses shared within a comparison", () => {
  it("parses a file with the same path and text once, and gives each caller its own lists", async () => {
    await sharingParses(BOTH, async () => {
      const base = loadYamlDocuments(COMPOSE, "compose.yaml");
      const head = loadYamlDocuments(COMPOSE, "compose.yaml");
      expect(head.documents[0]!.value).toBe(base.documents[0]!.value);
      expect(head.documents).not.toBe(base.documents);
      expect(head.warnings).not.toBe(base.warnings);
    });
  });

  it("parses again when the path or the text differs", async () => {
    await sharingParses(BOTH, async () => {
      const base = loadYamlDocuments(COMPOSE, "compose.yaml");
      expect(loadYamlDocuments(COMPOSE, "other/compose.yaml").documents[0]!.value).not.toBe(
        base.documents[0]!.value,
      );
      expect(loadYamlDocuments(`${COMPOSE}\n`, "compose.yaml").documents[0]!.value).not.toBe(
        base.documents[0]!.value,
      );
    });
  });

  it("keeps nothing outside a comparison, nor after the last one ends", async () => {
    const first = loadYamlDocuments(COMPOSE, "compose.yaml");
    expect(loadYamlDocuments(COMPOSE, "compose.yaml").documents[0]!.value).not.toBe(
      first.documents[0]!.value,
    );
    const inside = await sharingParses(BOTH, async () => loadYamlDocuments(COMPOSE, "compose.yaml"));
    expect(loadYamlDocuments(COMPOSE, "compose.yaml").documents[0]!.value).not.toBe(
      inside.documents[0]!.value,
    );
  });

  it("keeps sharing while a comparison beside the one that ended still runs", async () => {
    let release!: () => void;
    const running = sharingParses(BOTH, () => new Promise<void>((done) => (release = done)));
    const kept = await sharingParses(BOTH, async () => loadYamlDocuments(COMPOSE, "compose.yaml"));
    expect(loadYamlDocuments(COMPOSE, "compose.yaml").documents[0]!.value).toBe(kept.documents[0]!.value);
    release();
    await running;
    expect(loadYamlDocuments(COMPOSE, "compose.yaml").documents[0]!.value).not.toBe(kept.documents[0]!.value);
  });

  it("shares a Terraform parse, but not one the deadline cut short", async () => {
    await sharingParses(BOTH, async () => {
      expect(await parseNative(TERRAFORM, Date.now() - 1)).toEqual({ status: "cancelled" });
      const base = await parseNative(TERRAFORM, Date.now() + 60_000);
      expect(base.status).toBe("parsed");
      expect(await parseNative(TERRAFORM, Date.now() + 60_000)).toBe(base);
    });
  });

  it("does not keep a result it is told not to", async () => {
    await sharingParses([[{ text: "text" }], [{ text: "text" }]], async () => {
      let parses = 0;
      const parse = () => ({ parse: ++parses });
      sharedParse("test", "key", "text", parse, () => false);
      sharedParse("test", "key", "text", parse);
      expect(sharedParse("test", "key", "text", parse)).toEqual({ parse: 2 });
    });
  });

  it("keeps no parse of a text that is not on every side: it is read once anyway", async () => {
    const changed = `${COMPOSE}\n`;
    await sharingParses(BOTH, async () => {
      const first = loadYamlDocuments(changed, "compose.yaml");
      expect(loadYamlDocuments(changed, "compose.yaml").documents[0]!.value).not.toBe(
        first.documents[0]!.value,
      );
    });
    await sharingParses([[{ text: COMPOSE }], []], async () => {
      const first = loadYamlDocuments(COMPOSE, "compose.yaml");
      expect(loadYamlDocuments(COMPOSE, "compose.yaml").documents[0]!.value).not.toBe(
        first.documents[0]!.value,
      );
    });
  });
});
