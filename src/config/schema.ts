import { z } from 'zod';
import { DEFAULT_FAIL_ON, DEFAULT_READ_LIMITS } from '../model/index.js';

/** A positive whole number with its default. */
const positive = (value: number) => z.number().int().positive().default(value);

const severity = z.enum(['critical', 'high', 'medium', 'low', 'info']);

/** `.github/specwatch.yml`. Every key is optional: with no file at all, Specwatch autodetects docs, code and traffic. */
export const configSchema = z
  .object({
    /**
     * Globs of the committed OpenAPI / Swagger entry files. Default: discovered (`openapi*.yaml`, `swagger*.json`,
     * files under `openapi/`, `api-docs/`, `docs/api/`, … whose content is an OpenAPI document).
     */
    docs: z.array(z.string().min(1)).optional(),
    /** The implemented view: what the source code serves. */
    code: z
      .object({
        /** Turn the implemented view off. Default: on. */
        enabled: z.boolean().default(true),
        /** Frameworks to read; default: detected from package.json, requirements.txt/pyproject.toml, pom.xml/build.gradle, go.mod. */
        frameworks: z.array(z.string()).optional(),
        /** Prefix the deployed service puts before code paths (a proxy, or docs that keep `/api` in `servers`). */
        basePath: z.string().optional(),
        /** Globs of source files to read. Default: every source file outside tests and vendored folders. */
        include: z.array(z.string()).optional(),
        /** Globs of source files to skip. */
        exclude: z.array(z.string()).optional(),
        /** A spec file the build writes (e.g. `build/openapi.json`), read as the implemented view instead of source. */
        generatedSpec: z.string().optional(),
        /** Name of a GitHub Actions artifact holding the generated spec (App only). */
        generatedSpecArtifact: z.string().optional(),
      })
      .strict()
      .default({ enabled: true }),
    /** The observed view: traffic captures. */
    traffic: z
      .object({
        /**
         * Globs of committed capture files: HAR, NDJSON exchanges, OTLP JSON traces (Collector file exporter), told
         * apart by content. Default: `**\/*.har`, `traffic/**\/*.ndjson`, `traffic/**\/*.jsonl`, each also
         * gzipped (`.gz`).
         */
        files: z.array(z.string()).optional(),
        /** Name of a GitHub Actions artifact holding captures (App only). */
        artifact: z.string().optional(),
        /** Days of stored observations to use. */
        windowDays: z.number().int().positive().default(30),
        /** OpenTelemetry traces (OTLP) as a source of the observed view. */
        otel: z
          .object({
            /**
             * The `service.name` (resource attribute) of this repository's service, or several: spans of other
             * services in captures and ingested exports are left out. The App's ingest follows the value on the
             * default branch from its next analysis on. Default: every service.
             */
            serviceName: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({ windowDays: 30 }),
    /** The check fails when a finding is at or above this severity. */
    failOn: severity.default(DEFAULT_FAIL_ON),
    /**
     * Field-level findings the check counts: `likely` counts every one; `certain` counts only those the code says
     * outright, and lists those inferred through a call, a dependency or an ORM query at `info`, in the details.
     */
    fieldConfidence: z.enum(['certain', 'likely']).default('likely'),
    /**
     * Severity per rule id, or `off` to silence the rule. It replaces the rule's default; a finding the rule itself
     * made milder for a reason it states (an `auth-missing-in-code` a gateway enforces) keeps the milder one.
     */
    rules: z.record(z.string(), z.union([severity, z.literal('off')])).default({}),
    /** Findings to ignore: by rule, by operation glob (`GET /internal/**`), or both. */
    ignore: z
      .array(
        z
          .object({
            rule: z.string().optional(),
            operation: z.string().optional(),
            /** Why it is ignored; shown in reports. */
            reason: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
    /** Authentication judged across the views. */
    auth: z
      .object({
        /**
         * Trust an API gateway the docs themselves configure to check a security scheme (Google Cloud Endpoints /
         * API Gateway `x-google-issuer`, AWS API Gateway `x-amazon-apigateway-authorizer`, Tyk
         * `x-tyk-api-gateway` authentication, Kong `x-kong-plugin-jwt` and the other auth plugins): code that checks no credential for the operations it guards is then
         * reported at `info`, not as a critical `auth-missing-in-code`. Set to false when the service is also
         * reachable without the gateway.
         */
        trustGateway: z.boolean().default(true),
      })
      .strict()
      .default({ trustGateway: true }),
    /** PII/PHI classification. */
    pii: z
      .object({
        /** Extra categories with the field-name patterns (globs over path tokens) that signal them. */
        categories: z
          .array(
            z
              .object({
                name: z.string().min(1),
                hipaa: z
                  .string()
                  .regex(/^[A-R]$/)
                  .optional(),
                patterns: z.array(z.string().min(1)).min(1),
              })
              .strict(),
          )
          .default([]),
        /** Field paths known to be safe (`response.*.internalId`, `*.orderNumber`). */
        allow: z.array(z.string()).default([]),
      })
      .strict()
      .default({ categories: [], allow: [] }),
    /** The docs pull request. */
    docsPr: z
      .object({
        /** Open and keep one docs PR per spec. When off, the check offers an "Open docs PR" button. */
        enabled: z.boolean().default(true),
        labels: z.array(z.string()).default(['documentation']),
        reviewers: z.array(z.string()).default([]),
        /** What to do with documented operations the code no longer serves. */
        unimplemented: z.enum(['deprecate', 'remove', 'ignore']).default('deprecate'),
      })
      .strict()
      .default({ enabled: true, labels: ['documentation'], reviewers: [], unimplemented: 'deprecate' }),
    /**
     * Input bounds for untrusted repositories, the same for the spec, code and capture readers. Input dropped at a
     * bound is named as `oversized` in every output ("Not read").
     */
    limits: z
      .object({
        /** Largest spec or capture file read, in bytes (a capture's size as stored, gzipped or not). */
        maxFileBytes: positive(DEFAULT_READ_LIMITS.maxFileBytes),
        /** Largest source file read, in bytes: bigger ones are bundles or generated code. */
        maxSourceFileBytes: positive(DEFAULT_READ_LIMITS.maxSourceFileBytes),
        /**
         * Most bytes one reader takes in: all files of one spec, all source files, one capture once decompressed.
         */
        maxTotalBytes: positive(DEFAULT_READ_LIMITS.maxTotalBytes),
        /** Most files one reader takes in: files one spec reaches through `$ref`, source files, capture files. */
        maxFiles: positive(DEFAULT_READ_LIMITS.maxFiles),
        /** Most YAML nodes after alias expansion (a "billion laughs" file fails fast). */
        maxExpandedNodes: positive(DEFAULT_READ_LIMITS.maxExpandedNodes),
        /** Deepest nesting of YAML/JSON collections. */
        maxDepth: positive(DEFAULT_READ_LIMITS.maxDepth),
      })
      .strict()
      .default({ ...DEFAULT_READ_LIMITS }),
  })
  .strict();

export type SpecwatchConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
