// Credentials out of everything seedband prints or records: in a PostgreSQL connection string
// (a URL, or libpq's `key=value` form) the user and password and the secret parameters
// (`user`, `password`, `sslpassword`, `sslkey`, `sslcert`, `passfile`) become `***`; anything
// after a `#` too (PostgreSQL URLs have no fragment: it is part of a password). The one
// masking function of seedband; it imports nothing, and every stage and face takes it through
// db's face.

const MASK = "***";
const SECRET_PARAMS = new Set(["user", "password", "sslpassword", "sslkey", "sslcert", "passfile"]);
const KEYWORD_SECRET =
  /\b(user|password|sslpassword|sslkey|sslcert|passfile)(\s*=\s*)('(?:[^'\\]|\\.)*'?|[^&\s]*)/gi;
// Texts shorter than this are not searched for in free text: they would mask ordinary words.
const SHORTEST_SECRET = 3;

/**
 * `url` with its credentials masked, for messages, logs and run records.
 *
 * @example
 * redactUrl("postgresql://app:s3cret@db:5432/app?sslmode=require&sslpassword=k")
 * // "postgresql://***:***@db:5432/app?sslmode=require&sslpassword=***"
 * redactUrl("host=db user=app password='s3 cret'") // "host=db user=*** password=***"
 */
export function redactUrl(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (!scheme) return url.replace(KEYWORD_SECRET, `$1$2${MASK}`);
  let rest = url.slice(scheme[0].length);
  const at = userinfoEnd(rest);
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    rest = `${userinfo.includes(":") ? `${MASK}:${MASK}` : MASK}${rest.slice(at)}`;
  }
  const hash = rest.indexOf("#");
  if (hash >= 0) rest = `${rest.slice(0, hash)}#${MASK}`;
  const query = rest.indexOf("?");
  if (query >= 0) {
    const end = rest.indexOf("#", query);
    const params = rest.slice(query + 1, end < 0 ? undefined : end).split("&");
    const masked = params.map((p) => {
      const eq = p.indexOf("=");
      const key = decodeSafely(eq < 0 ? p : p.slice(0, eq)).toLowerCase();
      return eq >= 0 && SECRET_PARAMS.has(key) ? `${p.slice(0, eq)}=${MASK}` : p;
    });
    rest = `${rest.slice(0, query + 1)}${masked.join("&")}${end < 0 ? "" : rest.slice(end)}`;
  }
  return `${scheme[0]}${rest}`;
}

/**
 * The secrets of connection string `url` (its password and secret parameters, as written and
 * decoded): what `redactSecrets` removes from free text.
 */
export function urlSecrets(url: string): string[] {
  const secrets = new Set<string>();
  const add = (value: string) => {
    for (const v of [value, decodeSafely(value)]) if (v.length >= SHORTEST_SECRET) secrets.add(v);
  };
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (scheme) {
    const rest = url.slice(scheme[0].length);
    const at = userinfoEnd(rest);
    const colon = at >= 0 ? rest.indexOf(":") : -1;
    if (colon >= 0 && colon < at) add(rest.slice(colon + 1, at));
    const hash = rest.indexOf("#", Math.max(at, 0));
    if (hash >= 0) add(rest.slice(hash + 1));
  }
  for (const m of url.matchAll(KEYWORD_SECRET))
    if (m[1]!.toLowerCase() !== "user") add(m[3]!.replace(/^'(.*)'$/s, "$1"));
  return [...secrets].sort((a, b) => b.length - a.length);
}

/**
 * `text` with every connection string of `urls` masked where it appears, and then every secret
 * of theirs wherever it appears (a message that quoted a password alone).
 *
 * @example
 * redactSecrets("could not open sslkey /home/me/.pg/k.pem", ["postgresql://db/app?sslkey=/home/me/.pg/k.pem"])
 * // "could not open sslkey ***"
 */
export function redactSecrets(text: string, urls: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const url of urls) {
    if (!url) continue;
    if (out.includes(url)) out = out.split(url).join(redactUrl(url));
    for (const secret of urlSecrets(url)) if (out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return out;
}

/**
 * The `@` that ends the user and password of a URL without its scheme, or -1: the last one before
 * the query (a password may hold an unencoded `@`, `/` or `#`; a query may hold `user=me@server`).
 */
function userinfoEnd(rest: string): number {
  const query = rest.indexOf("?");
  return rest.lastIndexOf("@", (query >= 0 ? query : rest.length) - 1);
}

/**
 * The URL a command or a run record gives to be used: the embedded server's as it is (seedband's
 * own local server: user `postgres`, trust authentication, no password), any other masked.
 */
export function shownUrl(url: string, provider: string): string {
  return provider === "embedded" ? url : redactUrl(url);
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
