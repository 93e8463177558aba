/** `vendors.vendor`: one vendor of the register (schemas/evidence/vendors.vendor.schema.json). */
export interface VendorData {
  name: string;
  purpose: string;
  dataCategories: string[];
  criticality: 'critical' | 'high' | 'medium' | 'low';
  owner: string;
  contractDate: string | null;
  dpaDate: string | null;
  lastReviewDate: string | null;
  /** The latest assurance report; `report` is the file kept under the documents folder, by digest (null: none on file). */
  assurance: {
    kind: 'soc2-type2' | 'iso27001' | 'other';
    periodEnd: string;
    bridgeLetterDate: string | null;
    report: { file: string; sha256: string; bytes: number } | null;
  } | null;
  subservice: boolean;
  cuecs: Array<{ id: string; text: string; control: string | null }>;
  domains: string[];
  accountIds: string[];
  aliases: string[];
  /** Discovered names the mapping file matches to this vendor: `okta:<app label>`, `github:<app slug>`, `aws:<account id>`. */
  mapped: string[];
  /** Line of the entry in the register. */
  line: number;
}
