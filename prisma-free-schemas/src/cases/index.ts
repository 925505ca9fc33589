import { CasesInit1767225600100 } from './1767225600100-cases-init.js';

/** Migrations of the cases service, in order. */
export const casesMigrations = [CasesInit1767225600100];
