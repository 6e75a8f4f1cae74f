/** The three views Specwatch compares. */
export type ViewSource = 'documented' | 'implemented' | 'observed';

/** A place in a file of the checkout: a doc line or a code line. Paths are relative to the checkout root, with `/`. */
export interface SourceLocation {
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column, when known. */
  column?: number;
  /** JSON pointer inside a document (`/paths/~1patients/get`), for doc locations. */
  pointer?: string;
}

/** Where the documented view saw something. */
export interface DocumentedEvidence {
  source: 'documented';
  file: string;
  line: number;
  pointer?: string;
}

/** Where the implemented view saw something. */
export interface ImplementedEvidence {
  source: 'implemented';
  file: string;
  line: number;
  /** Framework id, e.g. `express`, `fastapi`, or `generated` for a build-generated spec. */
  framework: string;
}

/** What the observed view saw: counts and dates only, never a value. */
export interface ObservedEvidence {
  source: 'observed';
  count: number;
  /** ISO-8601 timestamps. */
  firstSeen: string;
  lastSeen: string;
}

/** Evidence names where a view saw a thing. A finding without evidence is a bug. */
export type Evidence = DocumentedEvidence | ImplementedEvidence | ObservedEvidence;
