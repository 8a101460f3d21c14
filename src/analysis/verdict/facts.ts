/** What the verdict reads besides the graphs: repository files that are not infrastructure. */
export interface RepositoryFacts {
  /** The CODEOWNERS file of the base branch, when there is one (never the head's: a change cannot grant itself owners). */
  codeowners?: { path: string; text: string };
}
