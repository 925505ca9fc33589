import { CasesInit1767225600100 } from './1767225600100-cases-init.js';
import { BreakGlass1767225600200 } from './1767225600200-break-glass.js';
import { AssessmentsRecords1767225600300 } from './1767225600300-assessments-records.js';
import { OrdersBreachesUpdates1767225600400 } from './1767225600400-orders-breaches-updates.js';
import { DocumentsLifecycle1767225600500 } from './1767225600500-documents-lifecycle.js';
import { FreeTextRefusals1767225600600 } from './1767225600600-free-text-refusals.js';
import { CasesOutboxPurge1767225600700 } from './1767225600700-outbox-purge.js';
import { BreachApproval1767225600900 } from './1767225600900-breach-approval.js';
import { ClinicLifecycle1767225601400 } from './1767225601400-clinic-lifecycle.js';

/** Migrations of the cases service, in order. */
export const casesMigrations = [
  CasesInit1767225600100,
  BreakGlass1767225600200,
  AssessmentsRecords1767225600300,
  OrdersBreachesUpdates1767225600400,
  DocumentsLifecycle1767225600500,
  FreeTextRefusals1767225600600,
  CasesOutboxPurge1767225600700,
  BreachApproval1767225600900,
  ClinicLifecycle1767225601400,
];
