/**
 * Bounds on what one analysis reads from a checkout it does not trust: one set, defaulted once in the config
 * (`limits`), handed to the spec, code and capture readers alike. A reader that drops input at a bound says so with
 * an `oversized` {@link InputNotice}.
 */
export interface ReadLimits {
  /** Largest spec or capture file read, in bytes (a capture's size as stored, gzipped or not). */
  maxFileBytes: number;
  /** Largest source file read, in bytes: bigger ones are bundles or generated code, not routes written by hand. */
  maxSourceFileBytes: number;
  /**
   * Most bytes one reader takes in: the files of one spec together, the source files together, one capture once
   * decompressed (a small gzip can inflate to gigabytes; the bound holds while inflating).
   */
  maxTotalBytes: number;
  /** Most files one reader takes in: files one spec reaches through `$ref`, source files, capture files. */
  maxFiles: number;
  /** Most YAML nodes after alias expansion: a "billion laughs" file fails fast instead of hanging. */
  maxExpandedNodes: number;
  /** Deepest nesting of YAML/JSON collections. */
  maxDepth: number;
}

/** The defaults of config `limits`. */
export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxSourceFileBytes: 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxFiles: 20_000,
  maxExpandedNodes: 5_000_000,
  maxDepth: 200,
};
