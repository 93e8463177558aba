import type { Check } from '../../../src/types.js';
import { vendorsAssuranceCurrent } from './vendors.assurance-current.js';
import { vendorsCuecsMapped } from './vendors.cuecs-mapped.js';
import { vendorsRegistered } from './vendors.registered.js';
import { vendorsReviewCurrent } from './vendors.review-current.js';

export const vendorsChecks: Check<any>[] = [vendorsRegistered, vendorsReviewCurrent, vendorsAssuranceCurrent, vendorsCuecsMapped];
