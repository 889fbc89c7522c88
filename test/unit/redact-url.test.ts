// The one masking function: every form of credential in a connection string is masked, the rest
// (host, port, database, other parameters) stays readable, and free text loses any secret of a
// given URL wherever it appears.
import { describe, expect, it } from "vitest";
import { redactSecrets, redactUrl, urlSecrets } from "../../src/db/redact-url.js";

describe("redactUrl", () => {
  it.each([
    ["postgresql://app:s3cret@db:5432/app", "postgresql://***:***@db:5432/app"],
    ["postgresql://postgres@127.0.0.1:5444/postgres", "postgresql://***@127.0.0.1:5444/postgres"],
    ["postgres://db/app", "postgres://db/app"],
    [
      "postgresql://db/app?sslmode=require&password=qsecret&sslpassword=k3y&application_name=x",
      "postgresql://db/app?sslmode=require&password=***&sslpassword=***&application_name=x",
    ],
    [
      "postgresql://db/app?sslkey=/home/me/k.pem&sslcert=/home/me/c.pem&sslrootcert=/ca.pem",
      "postgresql://db/app?sslkey=***&sslcert=***&sslrootcert=/ca.pem",
    ],
    ["postgresql://db/app?PASSWORD=x&Pass%77ord=y", "postgresql://db/app?PASSWORD=***&Pass%77ord=***"],
    ["postgresql://db/app?user=me%40server&passfile=/p", "postgresql://db/app?user=***&passfile=***"],
    // Unencoded `@`, `/` and `#` in a password: all of it masked.
    ["postgresql://u:p@ss/w@host:5/db", "postgresql://***:***@host:5/db"],
    ["postgresql://u:p#ss@host/db", "postgresql://***:***@host/db"],
    ["postgresql://host/db?password=a#b", "postgresql://host/db?password=***#***"],
    ["postgresql://host/db?user=me@server&x=1", "postgresql://host/db?user=***&x=1"],
    [
      "host=db port=5 user=app password='s3 cret' sslkey=/a/b dbname=x",
      "host=db port=5 user=*** password=*** sslkey=*** dbname=x",
    ],
    ["not a url", "not a url"],
  ])("%s", (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it("keeps no secret of any of those URLs", () => {
    const url =
      "postgresql://u%3Aser:p%40ss%2Fw@h/db?password=qsecret&sslpassword=sslsecret&sslkey=/k/key.pem#frag";
    const out = redactUrl(url);
    for (const secret of ["u%3Aser", "p%40ss", "qsecret", "sslsecret", "/k/key.pem", "frag"])
      expect(out).not.toContain(secret);
  });
});

describe("redactSecrets", () => {
  const url =
    "postgresql://app:s3cret%21@db:5432/app?sslmode=require&password=qsecret99&sslkey=/home/me/k.pem";

  it("finds every secret of a URL, as written and decoded", () => {
    expect(urlSecrets(url).sort()).toEqual(["/home/me/k.pem", "qsecret99", "s3cret!", "s3cret%21"].sort());
  });

  it("masks the URL where it appears, and each secret alone", () => {
    const text = `connecting to ${url}\nserver said: bad password s3cret! (qsecret99); cannot open /home/me/k.pem\n`;
    const out = redactSecrets(text, [url, undefined]);
    expect(out).toBe(
      "connecting to postgresql://***:***@db:5432/app?sslmode=require&password=***&sslkey=***\n" +
        "server said: bad password *** (***); cannot open ***\n",
    );
  });

  it("leaves text alone that holds none of them, and very short secrets out of free text", () => {
    expect(redactSecrets("all fine: pw", ["postgresql://u:pw@h/db"])).toBe("all fine: pw");
    expect(redactSecrets("at postgresql://u:pw@h/db", ["postgresql://u:pw@h/db"])).toBe(
      "at postgresql://***:***@h/db",
    );
  });
});
