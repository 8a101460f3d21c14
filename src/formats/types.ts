import type { ExtractionWarning, SystemGraph } from "../graph/model.js";

/** A repository file as text, with its repository-relative POSIX path. */
export interface InputFile {
  path: string;
  text: string;
}

export interface ExtractOptions {
  /** Epoch milliseconds after which an extractor stops and warns about what it did not read. */
  deadline: number;
}

export interface Extraction {
  systems: SystemGraph[];
  warnings: ExtractionWarning[];
  notes: string[];
}

/**
 * One infrastructure format. Adding a format means adding a folder under `src/formats/`
 * that exports one of these, and listing it in `src/formats/index.ts`.
 */
export interface FormatExtractor {
  id: string;
  /** Cheap, path-only test used to select which files to read (e.g. from a GitHub tree). */
  claims(path: string): boolean;
  /** Never throws on user input: bad files become warnings. Files it does not recognise are ignored. */
  extract(files: InputFile[], options: ExtractOptions): Promise<Extraction>;
}
