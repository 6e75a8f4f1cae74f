export { loadParser, type TreeSitterLanguage } from './load-parser.js';
export { withSyntaxTree } from './parse-source.js';
export { findSyntaxError, type SyntaxProblem } from './syntax-error.js';
