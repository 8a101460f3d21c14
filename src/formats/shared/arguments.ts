/**
 * Hosts a program's command line names. A URL anywhere (`http://api:8080`, `redis://cache:6379/0`), and the value of a
 * flag, in either form (`--redis-host cache`, `--redis-host=cache`, `-target api:8080`): a `host:port` always, a bare
 * name only when the flag says it is a host. Other words are not read: a `db:5432` handed to a wait script is
 * start-up order, a file or a port is no host.
 */

import { unquote } from "./config-lines.js";
import { hostReferences, looksLikeHostKey, type HostReference } from "./hosts.js";

// Real command lines are a few dozen words; a longer one is not read past this.
const MAX_WORDS = 1000;
const FLAG_WITH_VALUE = /^-{1,2}([A-Za-z][\w.-]{0,63})=(.+)$/;
const FLAG = /^-{1,2}([A-Za-z][\w.-]{0,63})$/;

/** The hosts each item of a command (`command: [...]`, or a whole string as one item) names, by item. */
export function argumentHosts(items: readonly string[]): HostReference[][] {
  const words: { item: number; word: string }[] = [];
  items.forEach((text, item) => {
    for (const word of text.slice(0, 16_384).split(/\s+/, MAX_WORDS)) {
      if (word.length > 0 && words.length < MAX_WORDS) words.push({ item, word: unquote(word) });
    }
  });
  const found: HostReference[][] = items.map(() => []);
  for (let index = 0; index < words.length; index++) {
    const { item, word } = words[index]!;
    const withValue = FLAG_WITH_VALUE.exec(word);
    const flag = withValue ? undefined : FLAG.exec(word);
    const next = words[index + 1];
    if (withValue) found[item]!.push(...flagValueHosts(withValue[1]!, withValue[2]!));
    else if (flag && next !== undefined && !next.word.startsWith("-")) {
      found[next.item]!.push(...flagValueHosts(flag[1]!, next.word));
      index++;
    } else if (word.includes("://")) found[item]!.push(...hostReferences(word));
  }
  return found;
}

function flagValueHosts(name: string, value: string): HostReference[] {
  return hostReferences(unquote(value), looksLikeHostKey(name.replace(/[-.]/g, "_")));
}
