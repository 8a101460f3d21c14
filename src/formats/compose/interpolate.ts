/**
 * Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`,
 * `${VAR+alt}`, `${VAR:?error}`, `${VAR?error}` and `$$` for a literal `$`.
 * A variable with no value and no default stays as written, so it never turns into a guessed host name.
 */

export type VariableLookup = (name: string) => string | undefined;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const MAX_NESTING = 8;

export function interpolate(text: string, lookup: VariableLookup, nesting = 0): string {
  if (!text.includes("$") || nesting > MAX_NESTING) return text;
  let out = "";
  let index = 0;
  while (index < text.length) {
    const dollar = text.indexOf("$", index);
    if (dollar === -1) {
      out += text.slice(index);
      break;
    }
    out += text.slice(index, dollar);
    const next = text[dollar + 1];
    if (next === "$") {
      out += "$";
      index = dollar + 2;
    } else if (next === "{") {
      const end = closingBrace(text, dollar + 1);
      if (end === -1) {
        out += text.slice(dollar);
        break;
      }
      out += expand(text.slice(dollar + 2, end), lookup, nesting);
      index = end + 1;
    } else {
      const name = NAME.exec(text.slice(dollar + 1, dollar + 257))?.[0];
      if (name) {
        out += lookup(name) ?? `$${name}`;
        index = dollar + 1 + name.length;
      } else {
        out += "$";
        index = dollar + 1;
      }
    }
  }
  return out;
}

function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    if (text[index] === "{") depth++;
    else if (text[index] === "}" && --depth === 0) return index;
  }
  return -1;
}

function expand(body: string, lookup: VariableLookup, nesting: number): string {
  const unresolved = `\${${body}}`;
  const name = NAME.exec(body)?.[0];
  if (!name) return unresolved;
  const operator = /^(:?[-+?])?/.exec(body.slice(name.length))?.[0] ?? "";
  const word = body.slice(name.length + operator.length);
  if (operator === "" && word !== "") return unresolved;
  const value = lookup(name);
  const set = value !== undefined;
  const nonEmpty = set && value !== "";
  switch (operator) {
    case ":-":
      return nonEmpty ? value : interpolate(word, lookup, nesting + 1);
    case "-":
      return set ? value : interpolate(word, lookup, nesting + 1);
    case ":+":
      return nonEmpty ? interpolate(word, lookup, nesting + 1) : "";
    case "+":
      return set ? interpolate(word, lookup, nesting + 1) : "";
    default:
      // No value and no default (`${VAR}`, `${VAR:?message}`): left as written.
      return set ? value : unresolved;
  }
}

/**
 * The same lookup with secret-looking variables (`DB_PASSWORD`) shown as `***`: for text that is displayed,
 * so a value pulled in from `.env` cannot leak through a key that does not look secret itself.
 */
export function maskedLookup(
  lookup: VariableLookup,
  isSecret: (name: string) => boolean,
  mask: string,
): VariableLookup {
  return (name) => {
    const value = lookup(name);
    return value !== undefined && isSecret(name) ? mask : value;
  };
}
