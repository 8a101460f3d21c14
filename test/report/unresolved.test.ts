import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeIo, tempDir, writeFiles } from "../helpers.js";
import { loadMermaid } from "./mermaid-parser.js";

describe("a call to a host that no file defines yet", () => {
  it("shows the callee as unresolved, not as an outside service", async () => {
    const root = await tempDir("unresolved");
    await writeFiles(root, {
      "base/compose.yaml": "services:\n  api:\n    image: shop/api\n    ports: ['8080:8080']\n",
      "head/compose.yaml": [
        "services:",
        "  api:",
        "    image: shop/api",
        "    ports: ['8080:8080']",
        "    environment:",
        "      PAYMENTS_URL: http://payments:9000",
        "",
      ].join("\n"),
    });
    const io = fakeIo(root);
    expect(await main(["diff", "base", "head"], io)).toBe(0);
    expect(io.out).toMatch(/\| `payments` \| unresolved \(defined in no file yet\) \|/);
    // The diagram says the same: a plain box named unresolved, not the slanted box of an outside service.
    expect(io.out).toMatch(/n_payments\("payments \(unresolved\)"\):::added/);
    expect(io.out).not.toMatch(/n_payments\[\//);
    const diagram = fakeIo(root);
    expect(await main(["diff", "base", "head", "--format", "mermaid"], diagram)).toBe(0);
    expect(diagram.out).toContain(`n_payments("payments (unresolved)")`);
    const mermaid = await loadMermaid();
    await expect(mermaid.parse(diagram.out)).resolves.toBeTruthy();
  });
});
