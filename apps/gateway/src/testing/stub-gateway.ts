// Test support only (imported by *.spec.ts): a listening development gateway in front of the stub
// subgraphs, with its JSON log lines collected.
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { DevIssuer } from '@scp/platform-auth';
import { createGatewayApp } from '../create-gateway-app.js';
import { createLogger } from '../logger.js';
import {
  generateStubKeys,
  startStubSubgraphs,
  stubGatewayConfig,
  type StubSubgraph,
} from './stub-subgraphs.js';

export interface StubGateway {
  app: INestApplication;
  base: string;
  cases: StubSubgraph;
  referrals: StubSubgraph;
  /** Signs user tokens the gateway accepts (subjects are the stub directory's usernames). */
  issuer: DevIssuer;
  logLines: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startStubGateway(env: NodeJS.ProcessEnv = {}): Promise<StubGateway> {
  const keys = generateStubKeys();
  const logLines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const { cases, referrals } = await startStubSubgraphs(keys.internalPublicKeyPem);
  const config = stubGatewayConfig(keys, { cases, referrals }, env);
  const app = await createGatewayApp(config, { logger: createLogger('info', sink) });
  await app.listen(0, '127.0.0.1');
  const issuer = new DevIssuer({
    issuer: config.auth.mode === 'dev' ? config.auth.issuer : '',
    privateKey: keys.devIssuerPrivateKeyPem,
  });
  return {
    app,
    base: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`,
    cases,
    referrals,
    issuer,
    logLines,
    async close() {
      await app.close();
      await cases.close();
      await referrals.close();
    },
  };
}
