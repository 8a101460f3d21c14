import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main, type CliIo } from "../../cli/main.js";

const REPOSITORY = fileURLToPath(new URL("../../../", import.meta.url));

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    cwd: REPOSITORY,
    env: {},
  };
  return { io, out: () => stdout, err: () => stderr };
}

describe("boxcutter diff on the Terraform example", () => {
  it("reports the added services, cache, queue and worker and the extra round trips behind the load balancer", async () => {
    const { io, out, err } = capture();
    const status = await main(["diff", "examples/terraform/base", "examples/terraform/head"], io);
    expect(err()).toBe("");
    expect(status).toBe(0);
    const report = out();
    expect(report).toContain("+4 components");
    // base: client->lb, lb->api, api->db; head adds lb->auth, auth->cache, api->orders queue.
    expect(report).toContain("round trips 3 -> 6 (+3)");
    for (const added of [
      "aws_ecs_service.auth",
      "aws_elasticache_replication_group.sessions",
      "aws_sqs_queue.orders",
      "aws_lambda_function.worker",
    ]) {
      expect(report).toContain(`\`${added}\``);
    }
    expect(report).toMatch(
      /`aws_sqs_queue.orders` -> `aws_lambda_function.worker` \| async \| terraform\/event-source-mapping/,
    );
    expect(report).toMatch(
      /`aws_ecs_service.api` -> `aws_sqs_queue.orders` \| async \| terraform\/iam-policy/,
    );
  });
});
