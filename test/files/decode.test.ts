import { describe, expect, it } from "vitest";
import { MAX_FILE_BYTES, decodeFile } from "../../src/files/decode.js";

const encode = (text: string) => new TextEncoder().encode(text);

describe("decodeFile", () => {
  it("decodes UTF-8 and drops a byte order mark", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encode("services:\n  café: {}\n")]);
    expect(decodeFile("compose.yaml", bytes)).toEqual({
      file: { path: "compose.yaml", text: "services:\n  café: {}\n" },
    });
  });

  it("skips a file with a NUL byte as binary", () => {
    const result = decodeFile("image.yaml", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    expect(result).toEqual({
      warning: { id: "input/binary", file: "image.yaml", line: 1, message: "binary file; skipped" },
    });
  });

  it("skips invalid UTF-8 as binary rather than guessing an encoding", () => {
    const result = decodeFile("latin1.yaml", new Uint8Array([0x61, 0xe9, 0x62]));
    expect(result).toEqual({
      warning: { id: "input/binary", file: "latin1.yaml", line: 1, message: "not valid UTF-8 text; skipped" },
    });
  });

  it("names the line where the text stops being UTF-8 or holds a NUL byte", () => {
    const invalid = new Uint8Array([...encode("services:\n  web:\n    image: ngi"), 0xc3, 0x28, 0x0a]);
    expect(decodeFile("a.yaml", invalid)).toMatchObject({ warning: { id: "input/binary", line: 3 } });
    const nul = encode("services:\n  web:\n    image: nginx\u0000\n");
    expect(decodeFile("b.yaml", nul)).toMatchObject({ warning: { id: "input/binary", line: 3 } });
  });

  it("reads UTF-16 with a byte order mark, in either byte order", () => {
    const text = "services:\n  web: {}\n";
    const little = new Uint8Array([0xff, 0xfe, ...[...text].flatMap((char) => [char.charCodeAt(0), 0])]);
    const big = new Uint8Array([0xfe, 0xff, ...[...text].flatMap((char) => [0, char.charCodeAt(0)])]);
    expect(decodeFile("le.yaml", little)).toEqual({ file: { path: "le.yaml", text } });
    expect(decodeFile("be.yaml", big)).toEqual({ file: { path: "be.yaml", text } });
  });

  it("skips a file over 10 MiB without decoding it", () => {
    const result = decodeFile("huge.yaml", new Uint8Array(MAX_FILE_BYTES + 1).fill(0x61));
    expect("warning" in result && result.warning.id).toBe("input/too-large");
    expect("warning" in result && result.warning.message).toBe(
      "file is 10.0 MiB, over the 10 MiB limit; skipped",
    );
    expect("file" in decodeFile("limit.yaml", new Uint8Array(MAX_FILE_BYTES).fill(0x61))).toBe(true);
  });

  it("keeps an empty file", () => {
    expect(decodeFile("empty.yaml", new Uint8Array())).toEqual({ file: { path: "empty.yaml", text: "" } });
  });
});
