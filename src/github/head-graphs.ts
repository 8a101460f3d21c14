import type { GraphSet } from "../graph/model.js";
import { capFiles, infrastructureSelector, MIN_ENGINE_BUDGET_MS, type AnalyzeOptions } from "./analyze-pr.js";
import { inProcessGraphs } from "./change-analysis.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { listTree, loadBlobs, toInputFiles } from "./fetch-files.js";

/**
 * The graphs of one commit's infrastructure files, for questions about the tree as it is (explain, what-if).
 * Trees and blobs come from the same caches as the pull request analysis, so asking after it costs little.
 */
export async function commitGraphs(
  client: GitHubClient,
  repo: RepoRef,
  commit: string,
  options: AnalyzeOptions,
): Promise<GraphSet> {
  const now = options.now ?? Date.now;
  const deadline = now() + options.config.timeBudgetMs;
  const select = infrastructureSelector(options.config);
  const fetchOptions = { caches: options.caches, deadline, select, now, counters: options.counters };
  const tree = await listTree(client, repo, commit, fetchOptions);
  const selection = capFiles(
    tree.files.filter((file) => select(file.path)),
    "this commit",
  );
  const read = toInputFiles(selection.files, await loadBlobs(client, repo, selection.files, fetchOptions));
  const build = options.graphBuilder ?? inProcessGraphs();
  const graphs = await build({
    files: read.files,
    options: { timeBudgetMs: Math.max(MIN_ENGINE_BUDGET_MS, deadline - now()) },
  });
  return {
    ...graphs,
    warnings: [...tree.warnings, ...selection.warnings, ...read.warnings, ...graphs.warnings],
  };
}
