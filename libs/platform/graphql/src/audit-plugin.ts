import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '@scp/platform-logging';
import type { AuditSink, RequestAudit } from './request-audit.js';

/**
 * Writes the request's audit events before the response leaves. If the write fails, the data
 * is not returned: the response becomes a single masked error (entitlements.md, Audit).
 */
export function auditPlugin(sink: AuditSink, logger: Logger): ApolloServerPlugin<{ audit?: RequestAudit }> {
  return {
    async requestDidStart() {
      return {
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
