import { describe, expect, it } from "vitest";
import {
  codeSpan,
  escapeMarkdown,
  escapeMarkdownInline,
  escapeMermaidComment,
  escapeMermaidLabel,
  mermaidId,
} from "../../src/report/escape.js";

describe("escapeMarkdown", () => {
  it("neutralises markup, HTML, comments and table pipes", () => {
    expect(escapeMarkdown("a|b")).toBe("a\\|b");
    expect(escapeMarkdown("`code`")).toBe("\\`code\\`");
    expect(escapeMarkdown("<script>x</script>")).toBe("&lt;script&gt;x&lt;/script&gt;");
    expect(escapeMarkdown("<!-- hidden -->")).toBe("&lt;!-- hidden --&gt;");
    expect(escapeMarkdown("a & b")).toBe("a &amp; b");
    expect(escapeMarkdown("[x](javascript:alert)")).toBe("\\[x\\](javascript:alert)");
    expect(escapeMarkdown("*bold* _it_ ~s~")).toBe("\\*bold\\* \\_it\\_ \\~s\\~");
  });

  it("stops mentions and issue references", () => {
    expect(escapeMarkdown("@org/team")).toBe("@\u200borg/team");
    expect(escapeMarkdown("fixes #123")).toBe("fixes #\u200b123");
    expect(escapeMarkdown("@org/team")).not.toMatch(/@org/);
  });

  it("keeps text on one line and drops control and bidi characters", () => {
    expect(escapeMarkdown("a\nb\r\nc\td")).toBe("a b c d");
    expect(escapeMarkdown("x\u202ey\u0007z")).toBe("xyz");
  });

  it("escapes leading block markers", () => {
    expect(escapeMarkdown("# title")).toBe("\\# title");
    expect(escapeMarkdown("- item")).toBe("\\- item");
    expect(escapeMarkdown("1. item")).toBe("1\\. item");
  });

  it("escapes a leading quote marker and leaves arrows, comparisons and signs inside a line alone", () => {
    expect(escapeMarkdown("> quoted")).toBe("\\> quoted");
    expect(escapeMarkdown("+6 components")).toBe("\\+6 components");
    expect(escapeMarkdown("99.70% -> 99.30%, a < b, c > d, +3")).toBe("99.70% -> 99.30%, a < b, c > d, +3");
  });

  it("escapes < only where it could open a tag, comment, autolink or processing instruction", () => {
    expect(escapeMarkdownInline("<b>x")).toBe("&lt;b&gt;x");
    expect(escapeMarkdownInline("</b>")).toBe("&lt;/b&gt;");
    expect(escapeMarkdownInline("<!x>")).toBe("&lt;!x&gt;");
    expect(escapeMarkdownInline("<?php")).toBe("&lt;?php");
    expect(escapeMarkdownInline("<https://example.com>")).toBe("&lt;https://example.com&gt;");
    expect(escapeMarkdownInline("1 <2 and 3> 2")).toBe("1 <2 and 3> 2");
  });

  it("leaves line-start markers alone inside a line", () => {
    expect(escapeMarkdownInline("+6 components, -1 call")).toBe("+6 components, -1 call");
    expect(escapeMarkdownInline("# 1. > x")).toBe("# 1. > x");
    expect(escapeMarkdownInline("#123 @org")).toBe("#\u200b123 @\u200borg");
  });

  it("redacts credentials before escaping", () => {
    const text = escapeMarkdown("postgres://app:hunter2@db:5432/x");
    expect(text).not.toContain("hunter2");
    expect(text).toBe("postgres://app:\\*\\*\\*@\u200bdb:5432/x");
  });
});

describe("codeSpan", () => {
  it("uses a fence longer than any backtick run and escapes pipes", () => {
    expect(codeSpan("web")).toBe("`web`");
    expect(codeSpan("a`b")).toBe("``a`b``");
    expect(codeSpan("`x`")).toBe("`` `x` ``");
    expect(codeSpan("a|b")).toBe("`a\\|b`");
    expect(codeSpan("a\nb")).toBe("`a b`");
    expect(codeSpan("redis://:s3cret@cache")).not.toContain("s3cret");
  });
});

describe("escapeMermaidLabel", () => {
  it("turns every special character into an entity", () => {
    expect(escapeMermaidLabel('api"]);<script>')).toBe("api#quot;#93;#41;#59;#lt;script#gt;");
    expect(escapeMermaidLabel("#1 `x` [y] {z} a|b")).toBe("#35;1 #96;x#96; #91;y#93; #123;z#125; a#124;b");
    expect(escapeMermaidLabel("a\nb")).toBe("a b");
    expect(escapeMermaidLabel("mysql://root:pw@db")).not.toContain("pw");
  });
});

describe("escapeMermaidComment", () => {
  it("keeps a directive out of a comment line and the text on one line", () => {
    const escaped = escapeMermaidComment("compose:%%{init: {'theme':'dark'}}%%\nclick x call y()");
    expect(escaped).not.toMatch(/[%{}\n]/);
    expect(escaped).toBe("compose:#37;#37;#123;init: #123;'theme':'dark'#125;#125;#37;#37; click x call y()");
    expect(escapeMermaidComment("compose:shop/api")).toBe("compose:shop/api");
  });
});

describe("mermaidId", () => {
  it("is stable, safe and keeps keywords and arrow heads out", () => {
    expect(mermaidId("web")).toBe("n_web");
    expect(mermaidId("web")).toBe(mermaidId("web"));
    expect(mermaidId("posts-db")).toBe("n_posts_2d_db");
    expect(mermaidId("end")).toBe("n_end");
    for (const name of ['a"]);<b>', "x y", "ünïcode", "😀", "a".repeat(500)]) {
      expect(mermaidId(name)).toMatch(/^n_[A-Za-z0-9_]+$/);
    }
  });

  it("never gives two names the same id", () => {
    const names = [
      "a-b",
      "a_b",
      "a__b",
      "a_2d_b",
      "a.b",
      "a b",
      "A-b",
      "a_2d_",
      "a-",
      "a" + "-".repeat(30),
      "a" + "-".repeat(31),
      "x".repeat(100),
      "x".repeat(101),
      "x".repeat(100) + "y",
      "x".repeat(99) + "y",
    ];
    const ids = names.map(mermaidId);
    expect(new Set(ids).size).toBe(names.length);
    expect(mermaidId("x".repeat(200)).length).toBeLessThan(60);
  });
});
