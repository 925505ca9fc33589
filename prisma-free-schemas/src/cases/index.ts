import { CasesInit1767225600100 } from './1767225600100-cases-init.js';
import { BreakGlass1767225600200 } from './1767225600200-break-glass.js';

/** Migrations of the cases service, in order. */
export const casesMigrations = [CasesInit1767225600100, BreakGlass1767225600200];
