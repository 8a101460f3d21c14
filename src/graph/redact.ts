/**
 * Credentials never reach an output. Extractors redact evidence as they record it; the report
 * redacts again whatever text it prints, so a missed case in one layer is caught by the other.
 */

export const REDACTED = "***";

const SECRET_KEY =
  /(PASS|PASSWD|PASSWORD|PWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE|CREDENTIAL|AUTH|SALT|SIGNING|ENCRYPTION_?KEY|CLIENT_?KEY|SESSION_?KEY)/i;

const SECRET_PATTERNS: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g,
  /\bsk_(live|test)_[A-Za-z0-9]{10,}\b/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g,
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\b/g,
];

/**
 * Webhook and bot URLs carry their secret in the path, not in userinfo or a query: the part after the
 * prefix below is the credential (`https://hooks.slack.com/services/T0/B0/<secret>`), so it is hidden whole.
 */
const SECRET_PATH =
  /\b((?:hooks\.slack\.com\/(?:services|workflows|triggers)|(?:discord(?:app)?\.com)\/api\/webhooks|api\.telegram\.org\/(?:file\/)?bot|outlook\.office(?:365)?\.com\/webhook|[A-Za-z0-9-]+\.webhook\.office\.com\/webhookb2|chat\.googleapis\.com\/v1\/spaces)\/?)[^\s?#"'`<>]+/gi;

/**
 * `user:password@host` without a scheme, as in an image reference (`registry.example.com/u:<secret>@img`). The
 * `:tag@sha256:<digest>` of a pinned image has the same shape and is kept: the digest is no secret.
 */
const BARE_USERINFO =
  /(^|[\s"'`=(,/])([A-Za-z0-9._~-]+):([^\s/@:"'`]+)@(?![A-Za-z0-9]+:[A-Fa-f0-9]{32,})(?=[A-Za-z0-9[])/g;

// Oracle's thin driver writes `jdbc:oracle:thin:user/password@//host:1521/service`.
const SLASH_USERINFO = /(:thin:)([^\s/@:"'`]+)\/([^\s@"'`]+)@/gi;

// `scheme://user:password@host` and `scheme://token@host`: keep the user name, hide the secret part.
const URL_USERINFO = /\b([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^\s/@:"'`]*)(?::([^\s/@"'`]*))?@/g;
const SECRET_QUERY =
  /([?&;](?:password|passwd|pwd|secret|token|access_token|api_key|apikey|key|sig|signature|auth)=)[^&;#\s"'`]*/gi;

// `API_TOKEN=abc` quoted where it does not belong (a warning about a misplaced line shows the line as written).
const ENV_ASSIGNMENT = /\b([A-Za-z_][A-Za-z0-9_.]*)=([^\s"'`,;&]+)/g;

// `AUTH_URL`, `TOKEN_ENDPOINT`: the key names where a secret lives, not the secret; URLs are redacted as text.
const LOCATION_KEY = /(_|^)(HOST|HOSTNAME|URL|URI|ADDR|ADDRESS|ENDPOINT|PORT|SERVICE|SERVER)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !LOCATION_KEY.test(key);
}

// Lower-case DNS-style names (most component names and hosts) can hold no credential shape but these two.
const PLAIN_NAME = /^[a-z0-9.-]*$/;
const LOWER_CASE_TOKEN = /xox[abprs]-|glpat-/;

/**
 * One scan that finds anything a token pattern would: most texts (names, images, paths) hold none, and are then
 * spared a scan per pattern. Built from the patterns themselves, so a pattern added above is always covered.
 */
const ANY_SECRET_TOKEN = new RegExp(
  SECRET_PATTERNS.map((pattern) => `(?:${pattern.source})`).join("|"),
  [...new Set(SECRET_PATTERNS.flatMap((pattern) => [...pattern.flags.replace("g", "")]))].join(""),
);

/**
 * Redacted texts already seen. Every text is redacted where it is recorded and again where it is printed, and a
 * value is recorded by each side of a change and by each rule that reads it, so most texts come back several
 * times. Bounded: a long-running server starts afresh once it is full, and long texts are not kept.
 */
const REDACTED_TEXTS = new Map<string, string>();
const MAX_REDACTED_TEXTS = 20_000;
const MAX_REMEMBERED_LENGTH = 1_000;

export function redactText(text: string): string {
  if (PLAIN_NAME.test(text) && !LOWER_CASE_TOKEN.test(text)) return text;
  if (text.length > MAX_REMEMBERED_LENGTH) return redactPatterns(text);
  let redacted = REDACTED_TEXTS.get(text);
  if (redacted === undefined) {
    if (REDACTED_TEXTS.size >= MAX_REDACTED_TEXTS) REDACTED_TEXTS.clear();
    redacted = redactPatterns(text);
    REDACTED_TEXTS.set(text, redacted);
  }
  return redacted;
}

function redactPatterns(text: string): string {
  let redacted = text;
  // Each pattern below needs the character tested before it; a text without it cannot match.
  if (redacted.includes("@")) {
    redacted = redacted.replace(URL_USERINFO, (_match, scheme: string, user: string, password?: string) =>
      password === undefined ? `${scheme}${REDACTED}@` : `${scheme}${user}:${REDACTED}@`,
    );
    redacted = redacted.replace(BARE_USERINFO, (match, before: string, user: string, password: string) =>
      password === REDACTED ? match : `${before}${user}:${REDACTED}@`,
    );
    redacted = redacted.replace(SLASH_USERINFO, `$1$2/${REDACTED}@`);
  }
  if (redacted.includes("/")) redacted = redacted.replace(SECRET_PATH, `$1${REDACTED}`);
  if (redacted.includes("=")) {
    redacted = redacted.replace(SECRET_QUERY, `$1${REDACTED}`);
    redacted = redacted.replace(ENV_ASSIGNMENT, (match, key: string) =>
      isSecretKey(key) ? `${key}=${REDACTED}` : match,
    );
  }
  if (ANY_SECRET_TOKEN.test(redacted)) {
    for (const pattern of SECRET_PATTERNS) redacted = redacted.replace(pattern, REDACTED);
  }
  return redacted;
}

/** An environment entry as it may be shown: the whole value hidden when the key names a secret. */
export function redactEnv(key: string, value: string): string {
  return `${key}=${isSecretKey(key) ? REDACTED : redactText(value)}`;
}
