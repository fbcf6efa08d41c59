/** An entity's queryable string fields (uuid, type, name, username, email, path), keys lowercase. */
export type EntityFields = Readonly<Record<string, string>>;

/** Whether an entity is in a query's result. */
export type EntityFilter = (fields: EntityFields) => boolean;

export const matchAll: EntityFilter = () => true;

type Token = { kind: "string"; value: string } | { kind: "word"; value: string } | { kind: "symbol"; value: string };

/**
 * A small part of Usergrid's query language, enough for what a facade builds and what an injection
 * into it makes: `[select *] [where] <cond> ((and|or) <cond>)*`, with parentheses, where a cond is
 * `field = 'string'` or `field = word` (a bare UUID). Keywords in any case; `and` binds tighter than
 * `or`; a string literal ends at the next `'` (the language has no escape for it, docs/usergrid.md §1b);
 * values compare case-insensitively, as Usergrid's lowercased unique values do. `select *` alone
 * matches everything. Undefined for anything else (Usergrid answers such a query 400).
 */
export function parseQl(ql: string): EntityFilter | undefined {
  const tokens = tokenize(ql);
  if (tokens === undefined) return undefined;
  const parser = new QlParser(tokens);
  return parser.parse();
}

const SYMBOLS = new Set(["=", "(", ")", "*", ","]);

function tokenize(ql: string): Token[] | undefined {
  const tokens: Token[] = [];
  let index = 0;
  while (index < ql.length) {
    const char = ql.charAt(index);
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === "'") {
      const end = ql.indexOf("'", index + 1);
      if (end === -1) return undefined;
      tokens.push({ kind: "string", value: ql.slice(index + 1, end) });
      index = end + 1;
    } else if (SYMBOLS.has(char)) {
      tokens.push({ kind: "symbol", value: char });
      index += 1;
    } else {
      const word = /^[^\s'=()*,]+/.exec(ql.slice(index))?.[0] ?? char;
      tokens.push({ kind: "word", value: word });
      index += word.length;
    }
  }
  return tokens;
}

class QlParser {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): EntityFilter | undefined {
    if (this.takeKeyword("select") && !this.takeSymbol("*")) return undefined;
    if (this.position === this.tokens.length) return matchAll;
    this.takeKeyword("where");
    const filter = this.or();
    return filter !== undefined && this.position === this.tokens.length ? filter : undefined;
  }

  private or(): EntityFilter | undefined {
    return this.chain("or", () => this.and(), (left, right) => (fields) => left(fields) || right(fields));
  }

  private and(): EntityFilter | undefined {
    return this.chain("and", () => this.primary(), (left, right) => (fields) => left(fields) && right(fields));
  }

  private chain(keyword: string, operand: () => EntityFilter | undefined, join: (left: EntityFilter, right: EntityFilter) => EntityFilter): EntityFilter | undefined {
    let filter = operand();
    while (filter !== undefined && this.takeKeyword(keyword)) {
      const right = operand();
      filter = right === undefined ? undefined : join(filter, right);
    }
    return filter;
  }

  private primary(): EntityFilter | undefined {
    if (this.takeSymbol("(")) {
      const inner = this.or();
      return inner !== undefined && this.takeSymbol(")") ? inner : undefined;
    }
    const field = this.tokens[this.position];
    const value = this.tokens[this.position + 2];
    if (field?.kind !== "word" || !this.isSymbol(this.position + 1, "=") || value === undefined || value.kind === "symbol") return undefined;
    this.position += 3;
    const name = field.value.toLowerCase();
    const wanted = value.value.toLowerCase();
    return (fields) => fields[name]?.toLowerCase() === wanted;
  }

  private takeKeyword(keyword: string): boolean {
    const token = this.tokens[this.position];
    if (token?.kind !== "word" || token.value.toLowerCase() !== keyword) return false;
    this.position += 1;
    return true;
  }

  private takeSymbol(symbol: string): boolean {
    if (!this.isSymbol(this.position, symbol)) return false;
    this.position += 1;
    return true;
  }

  private isSymbol(position: number, symbol: string): boolean {
    const token = this.tokens[position];
    return token?.kind === "symbol" && token.value === symbol;
  }
}
