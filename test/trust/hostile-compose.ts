import { expect } from "vitest";

/**
 * A compose change written by a stranger: credentials in a DSN, a secret-looking variable, and service
 * names made to break out of Markdown, Mermaid and HTML or to mention a team.
 */
export const HOSTILE_NAME = '"]);<img src=x>';
export const TEAM_NAME = "@org/team";
export const PASSWORD = "hunter2";
export const TOKEN_VALUE = "abc";

export const BASE_COMPOSE = ["services:", "  web:", "    image: nginx", "    ports: ['80:80']", ""].join(
  "\n",
);

export const HEAD_COMPOSE = [
  "services:",
  "  web:",
  "    image: nginx",
  "    ports: ['80:80']",
  `    depends_on: ['${HOSTILE_NAME}', '${TEAM_NAME}']`,
  "    environment:",
  `      API_TOKEN: ${TOKEN_VALUE}`,
  `  '${HOSTILE_NAME}':`,
  "    image: acme/app",
  "    environment:",
  `      DATABASE_URL: postgres://u:${PASSWORD}@db/x`,
  `      API_TOKEN: ${TOKEN_VALUE}`,
  `  '${TEAM_NAME}':`,
  "    image: acme/app",
  "    environment:",
  `      - DATABASE_URL=postgres://u:${PASSWORD}@db/x`,
  `      - API_TOKEN=${TOKEN_VALUE}`,
  "  db:",
  "    image: postgres:16",
  "",
].join("\n");

/** Fails with the output's name when a credential or the secret variable's value shows. */
export function expectNoSecret(where: string, text: string): void {
  expect([where, text.includes(PASSWORD)]).toEqual([where, false]);
  expect([where, /API_TOKEN\W{1,3}abc/.test(text)]).toEqual([where, false]);
}

/**
 * Markdown outside code spans and the Mermaid block must not carry the raw names: an HTML tag would render
 * (or be stripped, hiding the name) and `@org/team` would notify a team.
 */
export function rawNamesOutsideCode(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return ["<img", TEAM_NAME].filter((raw) => prose.includes(raw));
}
