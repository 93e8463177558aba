/** `vendors.vendor`: one vendor of the register (schemas/evidence/vendors.vendor.schema.json). */
export type { VendorsVendor as VendorData } from '../../src/evidence/types.generated.js';
