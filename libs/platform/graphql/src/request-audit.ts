import type { DataCategory } from '@scp/contracts';

/** One audit event as the services hand it to the audit writer. */
export interface AuditEventInput {
  actorId: string;
  actorAgencyId?: string | null;
  action:
    | 'VIEW'
    | 'SEARCH'
    | 'CREATE'
    | 'UPDATE'
    | 'DELETE'
    | 'EXPORT'
    | 'DISCLOSURE'
    | 'LOGIN'
    | 'ACCESS_DENIED'
    | 'BREAK_GLASS'
    | 'ROLE_CHANGE';
  entityType: string;
  entityId?: string | null;
  categories: DataCategory[];
  purpose: string;
  recipients?: string[];
  requestId?: string | null;
  ownerAgencyId?: string | null;
  caseId?: string | null;
}

export interface AuditSink {
  write(events: AuditEventInput[]): Promise<void>;
}

interface Touch {
  entityType: string;
  entityId: string;
  caseId?: string;
  ownerAgencyId?: string;
  categories: Set<DataCategory>;
  purposes: Set<string>;
  denied: Set<DataCategory>;
}

/**
 * Collects, during one GraphQL request, every (entity, category) the response reads and every
 * denied field, so the audit plugin can write them before the response leaves. s62 asks for a
 * justification for every consultation: without a stated purpose the event records the context.
 */
export class RequestAudit {
  private readonly touches = new Map<string, Touch>();
  private readonly extra: AuditEventInput[] = [];
  constructor(
    readonly actor: { userId: string; agencyId: string | null; requestId: string },
    readonly operationLabel: () => string,
  ) {}

  private entry(view: {
    entityType: string;
    entityId: string;
    caseId?: string;
    ownerAgencyId?: string;
  }): Touch {
    const key = `${view.entityType}:${view.entityId}`;
    let touch = this.touches.get(key);
    if (!touch) {
      touch = {
        entityType: view.entityType,
        entityId: view.entityId,
        caseId: view.caseId,
        ownerAgencyId: view.ownerAgencyId,
        categories: new Set(),
        purposes: new Set(),
        denied: new Set(),
      };
      this.touches.set(key, touch);
    }
    return touch;
  }

  read(
    view: { entityType: string; entityId: string; caseId?: string; ownerAgencyId?: string },
    category: DataCategory,
    purpose?: string,
  ): void {
    const touch = this.entry(view);
    touch.categories.add(category);
    if (purpose) touch.purposes.add(purpose);
  }

  denied(view: { entityType: string; entityId: string; caseId?: string }, category: DataCategory): void {
    this.entry(view).denied.add(category);
  }

  /**
   * A refusal of case data: an ACCESS_DENIED event naming the categories and the reason (written
   * by us, never a value). `view` is the record refused, when there is one; otherwise `entity`
   * names what was asked for (an operation's path).
   */
  refused(
    view: { entityType: string; entityId: string; caseId?: string; ownerAgencyId?: string } | null,
    categories: DataCategory[],
    reason: string,
    entity: { entityType: string; entityId?: string } = { entityType: 'Operation' },
  ): void {
    this.extra.push({
      actorId: this.actor.userId,
      actorAgencyId: this.actor.agencyId,
      action: 'ACCESS_DENIED',
      entityType: view?.entityType ?? entity.entityType,
      entityId: view?.entityId ?? entity.entityId ?? null,
      caseId: view?.caseId ?? null,
      ownerAgencyId: view?.ownerAgencyId ?? null,
      categories: [...new Set(categories)].sort(),
      purpose: `refused: ${reason}; ${this.operationLabel()}`,
      requestId: this.actor.requestId,
    });
  }

  /** An event that is not a field read (a search, an export, a break-glass). */
  record(event: AuditEventInput): void {
    this.extra.push(event);
  }

  get size(): number {
    return this.touches.size + this.extra.length;
  }

  events(): AuditEventInput[] {
    const out: AuditEventInput[] = [...this.extra];
    const context = `${this.operationLabel()}; justification: participation of agency ${this.actor.agencyId ?? 'none'} in the case`;
    for (const t of this.touches.values()) {
      const base = {
        actorId: this.actor.userId,
        actorAgencyId: this.actor.agencyId,
        entityType: t.entityType,
        entityId: t.entityId,
        requestId: this.actor.requestId,
        ownerAgencyId: t.ownerAgencyId ?? null,
        caseId: t.caseId ?? null,
      };
      if (t.categories.size)
        out.push({
          ...base,
          action: 'VIEW',
          categories: [...t.categories].sort(),
          purpose: t.purposes.size ? [...t.purposes].join(' | ') : context,
        });
      if (t.denied.size)
        out.push({ ...base, action: 'ACCESS_DENIED', categories: [...t.denied].sort(), purpose: context });
    }
    return out;
  }
}
