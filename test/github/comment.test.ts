import { describe, expect, it } from "vitest";
import {
  commentBody,
  decideCommentWrite,
  formatMarker,
  parseMarker,
  type StickyComment,
} from "../../src/github/comment.js";

const head1 = "1".repeat(40);
const head2 = "2".repeat(40);

function existing(head: string, at: string, fingerprint: string, markdown = "report"): StickyComment {
  const marker = { head, at, fingerprint };
  return { id: 9, nodeId: "IC_9", body: commentBody(marker, markdown), marker };
}

describe("sticky comment", () => {
  it("round-trips the hidden marker", () => {
    const marker = { head: head1, at: "2026-01-02T03:04:05.000Z", fingerprint: "abc123" };
    expect(formatMarker(marker)).toBe(
      `<!-- boxcutter:report head=${head1} at=2026-01-02T03:04:05.000Z fingerprint=abc123 -->`,
    );
    expect(parseMarker(commentBody(marker, "# hi"))).toEqual(marker);
    expect(
      parseMarker("a comment quoting <!-- boxcutter:report head=1 at=x fingerprint=y -->"),
    ).toBeUndefined();
  });

  it("starts no comment for a report without change, and creates one for a change", () => {
    const intent = (changed: boolean) => ({
      marker: { head: head1, at: "2026-01-01T00:00:00Z", fingerprint: "f" },
      body: "b",
      changed,
    });
    expect(decideCommentWrite(undefined, intent(false))).toEqual({ action: "skip", reason: "quiet" });
    expect(decideCommentWrite(undefined, intent(true))).toEqual({ action: "create" });
  });

  it("leaves the comment alone for the same fingerprint or body, and never puts an older head over a newer one", () => {
    const shown = existing(head2, "2026-01-01T00:10:00Z", "new");
    const marker = (head: string, at: string, fingerprint: string) => ({ head, at, fingerprint });
    const older = marker(head1, "2026-01-01T00:05:00Z", "old");
    expect(
      decideCommentWrite(shown, { marker: older, body: commentBody(older, "x"), changed: true }),
    ).toEqual({
      action: "skip",
      reason: "newer-head-shown",
    });
    const sameFingerprint = marker(head1, "2026-01-01T00:20:00Z", "new");
    expect(decideCommentWrite(shown, { marker: sameFingerprint, body: "other", changed: true })).toEqual({
      action: "skip",
      reason: "same-fingerprint",
    });
    expect(
      decideCommentWrite(shown, { marker: marker(head2, "x", "other"), body: shown.body, changed: true }),
    ).toEqual({
      action: "skip",
      reason: "same-body",
    });
    const later = marker(head1, "2026-01-01T00:20:00Z", "newer");
    expect(
      decideCommentWrite(shown, { marker: later, body: commentBody(later, "y"), changed: false }),
    ).toEqual({
      action: "update",
      commentId: 9,
    });
  });
});
