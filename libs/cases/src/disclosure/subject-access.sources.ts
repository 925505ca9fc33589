import { Injectable } from '@nestjs/common';
import type { DataCategory } from '@scp/contracts';
import { accessOf, type AccessView } from '@scp/platform-access';
import type { RequestScope } from '../shared/scope.js';
import type { CaseRow } from '../case/case.repository.js';
import { OrdersService } from '../orders/orders.service.js';
import { AgencyRecordsService } from '../agency-records/agency-records.service.js';
import { AssessmentsService } from '../assessments/assessments.service.js';
import { BreachesService } from '../breaches/breaches.service.js';

/**
 * Says whether a value of `category`, read under `view`, may go into the pack (the reader may
 * read it and it is not a NEVER_IN_PACK category), and records the read for the audit log.
 */
export type PackReader = (category: DataCategory, view: AccessView | undefined) => boolean;

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/**
 * The other features' records as the pack needs them, read through each feature's own service
 * (so the same per-record views decide as on the screen) and kept to what the controller agency
 * authored. Each section is a plain JSON value; a feature the caller may not read adds nothing.
 */
@Injectable()
export class SubjectAccessSources {
  constructor(
    private readonly orders: OrdersService,
    private readonly records: AgencyRecordsService,
    private readonly assessments: AssessmentsService,
    private readonly breaches: BreachesService,
  ) {}

  /** Orders the agency recorded, with the served text of each condition (D15) — never D16. */
  async ordersSection(scope: RequestScope, row: CaseRow, agencyId: string, include: PackReader) {
    const out: Record<string, unknown>[] = [];
    for (const order of await this.orders.ordersOf(scope, row)) {
      const view = accessOf(order);
      if (order.createdByAgencyId !== agencyId || !include('D15', view)) continue;
      const conditions = await this.orders.conditionsOf(scope, view!, order.id);
      out.push({
        type: order.orderTypeCode,
        typeName: (await this.orders.typeOf(scope, order.orderTypeCode))?.name ?? null,
        status: order.status,
        appliedOn: order.appliedOn,
        grantedOn: order.grantedOn,
        servedOn: order.servedOn,
        fixedEndOn: order.fixedEndOn,
        untilFurtherOrder: order.untilFurtherOrder,
        endedOn: order.endedOn,
        conditions: conditions.map((c) => ({ position: c.position, servedText: c.servedText })),
      });
    }
    return out;
  }

  /** The agency's shared summaries: police (D5) and probation (D10). */
  async agencyRecordsSection(scope: RequestScope, row: CaseRow, agencyId: string, include: PackReader) {
    const out: Record<string, unknown>[] = [];
    const police = await this.records.one(scope, 'policeSummary', row);
    if (police && police.authorAgencyId === agencyId && include('D5', accessOf(police)))
      out.push({
        record: 'Police shared summary',
        relevantHistory: police.relevantHistory ?? null,
        investigationStatus: police.investigationStatus ?? null,
        bailConditions: police.bailConditions ?? null,
        arrests: police.arrests ?? null,
        updatedAt: iso(police.updatedAt),
      });
    const probation = await this.records.one(scope, 'probationSummary', row);
    if (probation && probation.authorAgencyId === agencyId && include('D10', accessOf(probation)))
      out.push({
        record: 'Probation shared summary',
        orderType: probation.orderType ?? null,
        supervisionStatus: probation.supervisionStatus ?? null,
        compliance: probation.compliance ?? null,
        conditions: ((probation.conditions as { text: string }[] | null) ?? []).map((c) => c.text),
        rosh: {
          knownAdult: probation.roshKnownAdult ?? null,
          public: probation.roshPublic ?? null,
          children: probation.roshChildren ?? null,
          staff: probation.roshStaff ?? null,
          assessedOn: probation.roshAssessedOn ?? null,
        },
        updatedAt: iso(probation.updatedAt),
      });
    return out;
  }

  /**
   * The agency's own structured risk judgements (D8), as outcomes only: tool, date, status, score
   * or level and domain ratings. Question-level answers and comments record what the victim said
   * and stay out of a pack about another person.
   */
  async assessmentsSection(scope: RequestScope, row: CaseRow, agencyId: string, include: PackReader) {
    const out: Record<string, unknown>[] = [];
    for (const a of await this.assessments.assessmentsOf(scope, row)) {
      if (a.authorAgencyId !== agencyId || !include('D8', accessOf(a))) continue;
      out.push({
        tool: a.tool,
        toolVersion: a.toolVersion,
        status: a.status,
        assessedOn: a.assessedOn,
        score: a.score,
        concernLevel: a.concernLevel,
        violence: a.violence,
        persistence: a.persistence,
        recurrence: a.recurrence,
        psychosocialDamage: a.psychosocialDamage,
      });
    }
    return out;
  }

  /** Breaches the agency recorded (D17; descriptions are kept free of victim location on write). */
  async breachesSection(
    scope: RequestScope,
    row: CaseRow,
    caseView: AccessView,
    agencyId: string,
    include: PackReader,
  ) {
    const out: Record<string, unknown>[] = [];
    const pattern = await this.breaches.patternOf(scope, row, caseView);
    for (const b of pattern.nodes) {
      if (b.recordedByAgencyId !== agencyId || !include('D17', accessOf(b))) continue;
      out.push({
        occurredAt: iso(b.occurredAt),
        type: b.type,
        crimeReference: b.crimeReference,
        courseOfConductReference: b.courseOfConductReference,
        description: b.description,
      });
    }
    return out;
  }
}
