export { ConfigError, defaultConfig, parseConfig, parseConfigText } from './load-config.js';
export { type ConfigInput, configSchema, type SpecwatchConfig } from './schema.js';
export { readSchemaDocs, renderConfigJsonSchema, renderConfigMarkdown } from './schema-docs.js';
