/**
 * Java's `URLDecoder.decode`, which `Query.fromQueryParams` applies to a `ql` value the servlet layer
 * has already decoded once (docs/usergrid.md §1b): `+` becomes a space and each run of `%XX` escapes is
 * read as UTF-8 bytes. Undefined for a `%` without two hex digits, where URLDecoder throws
 * IllegalArgumentException.
 */
export function decodeLikeUrlDecoder(value: string): string | undefined {
  let decoded = "";
  let index = 0;
  while (index < value.length) {
    const char = value.charAt(index);
    if (char !== "%") {
      decoded += char === "+" ? " " : char;
      index += 1;
      continue;
    }
    const bytes: number[] = [];
    while (value.charAt(index) === "%") {
      const hex = value.slice(index + 1, index + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      bytes.push(Number.parseInt(hex, 16));
      index += 3;
    }
    decoded += Buffer.from(bytes).toString("utf8");
  }
  return decoded;
}
