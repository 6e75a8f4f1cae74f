/** The CLI's version: a leaf module, so report code can name it without loading the command table. */
export const SPECWATCH_VERSION = '0.1.0';
