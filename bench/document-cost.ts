import "reflect-metadata";
import { getIntrospectionQuery, Lexer, parse, Source, specifiedRules, TokenKind, validate, type ValidationRule } from "graphql";
import { MAX_DOCUMENT_LENGTH, MAX_DOCUMENT_TOKENS } from "../src/http-server/document-limits";
import { knownOperationTypesRule } from "../src/graphql/known-operation-types.rule";
import { MAX_ALIASES, MAX_QUERY_DEPTH, maxAliasesRule, maxDepthRule } from "../src/graphql/query-limits";
import { buildFacadeSchema } from "../src/graphql/schema";

/**
 * What the costliest documents this script knows cost to parse and validate under the caps
 * (src/http-server/document-limits.ts), with the rules the server validates with, in CPU time:
 *
 *   npx tsc -p bench/tsconfig.json && node dist-bench/bench/document-cost.js [tokens…]
 *
 * Each shape is grown to the most that fits under MAX_DOCUMENT_TOKENS and MAX_DOCUMENT_LENGTH (or
 * under each token count given), then parsed and validated RUNS times, each time as a document
 * not seen before, as an attacker would send it. The minimum is the cost on a quiet machine; the
 * median shows what other work on the machine added.
 */
const RUNS = 31;

const range = (n: number, each: (i: number) => string) => Array.from({ length: n }, (_, i) => each(i)).join(" ");

/** Documents whose validation grows faster than their size, each as a function of a repeat count. */
const SHAPES: Record<string, (n: number) => string> = {
  // OverlappingFieldsCanBeMergedRule compares every pair of fields that share a response name.
  "one field, repeated": (n) => `{ ${"__typename ".repeat(n)}}`,
  "one field with a selection, repeated": (n) => `{ ${"providers { provider } ".repeat(n)}}`,
  "one field with arguments, repeated": (n) => `{ ${'__type(name: "a") { name } '.repeat(n)}}`,
  "two fields of many subfields each": (n) => `{ ${`providers { ${"provider ".repeat(n)}} `.repeat(2)}}`,
  "a square of fields and subfields": (n) => {
    const side = Math.max(1, Math.round(Math.sqrt(n)));
    return `{ ${`providers { ${"provider ".repeat(side)}} `.repeat(Math.max(1, Math.floor(n / side)))}}`;
  },
  "nested fields, repeated": (n) => `{ ${'__type(name: "a") { ofType { ofType { ofType { name } } } } '.repeat(n)}}`,
  "inline fragments, repeated": (n) => `{ ${"... on Query { __typename } ".repeat(n)}}`,
  // Fragments are compared pairwise too, and spread within one another.
  "distinct fragments, all spread": (n) => `{ ${range(n, (i) => `...F${i}`)} } ${range(n, (i) => `fragment F${i} on Query { __typename }`)}`,
  "distinct fragments in one field": (n) => `{ providers { ${range(n, (i) => `...F${i}`)} } } ${range(n, (i) => `fragment F${i} on ProviderInfo { provider }`)}`,
  "a chain of fragments": (n) => `{ ...F0 } ${range(n, (i) => `fragment F${i} on Query { providers { provider } ${i + 1 < n ? `...F${i + 1}` : ""} }`)}`,
  "a tree of fragments": (n) => `{ ...F0 } ${range(n, (i) => `fragment F${i} on Query { __typename ${[2 * i + 1, 2 * i + 2].filter((j) => j < n).map((j) => `...F${j}`).join(" ")} }`)}`,
  "aliased fields and fragments": (n) => `{ a: __typename ${range(n, (i) => `...F${i}`)} } ${range(n, (i) => `fragment F${i} on Query { a: __typename }`)}`,
  "union members, repeated": (n) =>
    `mutation { removeUserFromGroup(provider: BLUESHIFT, groupId: "g", userRef: { uuid: "x" }) { ${"... on MembershipError { code } ... on MembershipRemoval { provider } ".repeat(n)}} }`,
  // Errors: graphql-js stops validating at 100, but each may compute suggestions first.
  "unknown arguments": (n) => `{ __type(${range(n, (i) => `a${i}: 1`)}) { name } }`,
  "repeated directives": (n) => `{ __typename ${"@skip(if: false) ".repeat(n)}}`,
  "variables, each used once": (n) => `query(${range(n, (i) => `$v${i}: Boolean`)}) { ${range(n, (i) => `__typename @skip(if: $v${i})`)} }`,
  "a list argument": (n) => `{ __type(name: [${"1 ".repeat(n)}]) { name } }`,
  "an object argument": (n) => `{ __type(name: { ${range(n, (i) => `a${i}: 1`)} }) { name } }`,
  // Length without tokens: what the length cap is for.
  "long names": (n) => `{ ${range(n, (i) => `${"a".repeat(200)}${i}: __typename`)} }`,
  "a long comment": (n) => `{ __typename } # ${"x".repeat(n * 16)}`,
  "a long string": (n) => `{ __type(name: "${"x".repeat(n * 16)}") { name } }`,
};

function tokensOf(document: string): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) count += 1;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
  return count;
}

/** The shape at the largest repeat count that fits under both caps. */
function largest(shape: (n: number) => string, maxTokens: number): string {
  let low = 1;
  let high = 20_000;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const document = shape(middle);
    if (document.length <= MAX_DOCUMENT_LENGTH && tokensOf(document) <= maxTokens) low = middle;
    else high = middle - 1;
  }
  return shape(low);
}

/** CPU milliseconds to parse and validate `document`, as the server would at first sight: minimum and median. */
function cost(document: string, maxTokens: number, rules: readonly ValidationRule[], schema: Parameters<typeof validate>[0]): { min: number; median: number } {
  const runs: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    // A trailing comment makes each run a document the server has not seen, as each of an attacker's would be.
    const source = `${document}\n# ${run}`;
    const start = process.cpuUsage();
    try {
      validate(schema, parse(source, { maxTokens }), rules);
    } catch {
      // Over the caps: refused at parse, which costs what it cost.
    }
    const spent = process.cpuUsage(start);
    runs.push((spent.user + spent.system) / 1000);
  }
  runs.sort((a, b) => a - b);
  return { min: runs[0] as number, median: runs[Math.floor(RUNS / 2)] as number };
}

async function main(): Promise<void> {
  const { schema } = await buildFacadeSchema();
  // The server's rules, with introspection allowed (development's, the costlier).
  const rules = [...specifiedRules, knownOperationTypesRule, maxDepthRule(MAX_QUERY_DEPTH), maxAliasesRule(MAX_ALIASES)];
  const caps = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [MAX_DOCUMENT_TOKENS];
  const cell = (ms: { min: number; median: number }) => `${ms.min.toFixed(2)} / ${ms.median.toFixed(2)}`.padStart(16);
  process.stdout.write(`CPU ms to parse and validate, min / median of ${RUNS}; at most ${MAX_DOCUMENT_LENGTH} characters\n`);
  process.stdout.write(`${"shape".padEnd(40)}${caps.map((cap) => `${cap} tokens`.padStart(16)).join("")}\n`);
  const introspection = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true });
  // Warm up the JIT on a legitimate document first, as a running server would be.
  cost(introspection, MAX_DOCUMENT_TOKENS, rules, schema);
  process.stdout.write(`${"graphql-js's full introspection query".padEnd(40)}${caps.map((cap) => cell(cost(introspection, cap, rules, schema))).join("")}\n`);
  let worst = { shape: "", cap: 0, min: 0 };
  for (const [name, shape] of Object.entries(SHAPES)) {
    const cells = caps.map((cap) => {
      const measured = cost(largest(shape, cap), cap, rules, schema);
      if (measured.min > worst.min && cap === MAX_DOCUMENT_TOKENS) worst = { shape: name, cap, min: measured.min };
      return cell(measured);
    });
    process.stdout.write(`${name.padEnd(40)}${cells.join("")}\n`);
  }
  if (worst.cap) process.stdout.write(`\nworst under the caps: ${worst.shape}, ${worst.min.toFixed(2)} ms\n`);
}

void main();
