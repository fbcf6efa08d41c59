import { NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from "graphql";
import { LRUCache } from "lru-cache";
import { MAX_DOCUMENT_LENGTH, MAX_DOCUMENT_TOKENS } from "../http-server/document-limits";

/**
 * Documents remembered, and their sources' total length: an application sends a handful, so this
 * bounds what a client sending endless distinct documents can make the server hold (a parsed
 * document is some ten times its source).
 */
const MAX_DOCUMENTS = 1000;
const MAX_TOTAL_SOURCE_LENGTH = 2 * 1024 * 1024;

/** A document that does not parse or validate: Apollo Server answers it, with the errors why. */
const REFUSED = Symbol("refused");

export interface PreparedDocumentsOptions {
  /** Our own rules, as Apollo Server is given them (`validationRules`). */
  validationRules: readonly ValidationRule[];
  /** Off: schema introspection is refused, as Apollo Server's NoIntrospection rule refuses it. */
  introspection: boolean;
  /** Called for each document parsed, as Apollo Server's parsingDidStart hook is. */
  onParse: () => void;
}

/**
 * Documents parsed and validated once, looked up by their exact source text: what Apollo Server's
 * document store does, without hashing every request's source, which showed in the benchmark's
 * CPU profile.
 * The rules are Apollo Server's: graphql-js's specified rules, no introspection when it is off,
 * then ours.
 */
export class PreparedDocuments {
  private readonly documents = new LRUCache<string, DocumentNode | typeof REFUSED>({
    max: MAX_DOCUMENTS,
    maxSize: MAX_TOTAL_SOURCE_LENGTH,
    sizeCalculation: (_document, source) => source.length,
  });
  private readonly rules: readonly ValidationRule[];
  private readonly onParse: () => void;

  constructor(
    private readonly schema: GraphQLSchema,
    rules: PreparedDocumentsOptions,
  ) {
    this.rules = [...specifiedRules, ...(rules.introspection ? [] : [NoSchemaIntrospectionCustomRule]), ...rules.validationRules];
    this.onParse = rules.onParse;
  }

  /** The parsed, valid document; null when it is not one (or longer than any document is let be). */
  get(source: string): DocumentNode | null {
    if (source.length > MAX_DOCUMENT_LENGTH) return null;
    let document = this.documents.get(source);
    if (document === undefined) {
      document = this.prepare(source);
      this.documents.set(source, document);
    }
    return document === REFUSED ? null : document;
  }

  private prepare(source: string): DocumentNode | typeof REFUSED {
    let document: DocumentNode;
    this.onParse();
    try {
      // Apollo Server parses with the same cap (its parseOptions), and answers the error when the
      // lane hands it the request.
      document = parse(source, { maxTokens: MAX_DOCUMENT_TOKENS });
    } catch {
      return REFUSED;
    }
    return validate(this.schema, document, this.rules).length === 0 ? document : REFUSED;
  }
}
