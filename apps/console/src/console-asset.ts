/** One static file of the console or its API reference. */
export interface ConsoleAsset {
  /** File name relative to the console's base path (`index.html`, `console.js`, `reference/index.html`, …). */
  path: string;
  contentType: string;
  body: string;
}
