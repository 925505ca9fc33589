import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { isDataCategory, type DataCategory } from '@scp/contracts';
import type { Logger } from '@scp/platform-logging';
import { isAudited, isRefusal } from './errors.js';
import type { AuditSink, RequestAudit } from './request-audit.js';

/**
 * Writes the request's audit events before the response leaves. If the write fails, the data
 * is not returned: the response becomes a single masked error (entitlements.md, Audit).
 */
export function auditPlugin(sink: AuditSink, logger: Logger): ApolloServerPlugin<{ audit?: RequestAudit }> {
  return {
    async requestDidStart() {
      return {
        // Every refusal of data is an ACCESS_DENIED event (entitlements.md, Audit): those raised
        // with their record are recorded where raised (`markAudited`); the rest here, by the path
        // asked for, the category the error names and its message (ours, never a stored value).
        async didEncounterErrors({ contextValue, errors }) {
          const audit = contextValue.audit;
          if (!audit) return;
          for (const error of errors) {
            const original = error.originalError ?? error;
            if (!isRefusal(error.extensions) || isAudited(original) || isAudited(error)) continue;
            const category = error.extensions?.category;
            const categories: DataCategory[] = isDataCategory(category) ? [category] : [];
            audit.refused(null, categories, error.message, {
              entityType: 'Operation',
              entityId: error.path?.join('.'),
            });
          }
        },
        async willSendResponse({ contextValue, response }) {
          const audit = contextValue.audit;
          if (!audit?.size) return;
          try {
            await sink.write(audit.events());
          } catch (error) {
            const errorId = randomUUID();
            logger.error(
              { errorId, err: error instanceof Error ? error.message : String(error) },
              'audit write failed; response withheld',
            );
            if (response.body.kind === 'single') {
              response.body.singleResult.data = null;
              response.body.singleResult.errors = [
                { message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR', errorId } },
              ];
            }
          }
        },
      };
    },
  };
}
