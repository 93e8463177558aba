/** What kind of thing failed verification. */
export type ProblemKind =
  | 'missing' // a file a manifest (or SHA256SUMS) lists is not there
  | 'extra' // a file is there that no manifest lists
  | 'altered' // a file's digest differs from its manifest line
  | 'format' // a tag file or manifest breaks RFC 8493 or our bag-info rules
  | 'oxum' // Payload-Oxum does not match the payload
  | 'gap' // a bundle's predecessor is missing from the chain
  | 'rewrite' // a predecessor's digest differs from the link that names it
  | 'signature' // the pack signature is missing, wrong or made with another key
  | 'unsafe'; // a zip entry that would escape the extraction directory

/** One verification failure, naming the bundle and the file it concerns. */
export interface Problem {
  kind: ProblemKind;
  /** Bundle name (directory name) the problem belongs to, when it belongs to one. */
  bundle?: string;
  /** Path relative to the bundle (or to the pack root when `bundle` is unset). */
  file?: string;
  message: string;
}

/** A link from a bundle to the one sealed before it (`Soc2-Previous-Bundle`). */
export interface PreviousLink {
  name: string;
  digest: string;
}

/** The verdict on one bundle. */
export interface BundleReport {
  name: string;
  dir: string;
  /** sha256 of tagmanifest-sha256.txt as found (the bundle's identity), when present. */
  digest?: string;
  /** `null` for the first bundle ever sealed (`none`); undefined when bag-info is unreadable. */
  previous?: PreviousLink | null;
  asOf?: string;
  files: number;
  bytes: number;
  problems: Problem[];
}

/** Human line for a problem: `bundle/file: message`. */
export function formatProblem(p: Problem): string {
  const where = [p.bundle, p.file].filter(Boolean).join('/');
  return `${p.kind.padEnd(9)} ${where ? `${where}: ` : ''}${p.message}`;
}
