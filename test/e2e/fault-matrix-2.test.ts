// Half 2 of the fault matrix (test/e2e/fault-matrix.ts): the halves run in parallel, one per core.
import { faultMatrix } from './fault-matrix.js';

faultMatrix(2);
