// The engine the extension loads on first connect: the production ConnectEngine, and from then on
// grpc-js's own diagnostics land in the extension's log, redacted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LazyEngine, connectEngineLoader } from '../../../src/engine/lazy-engine';
import { RecordingLogger } from '../../support/fakes/fakes';

test('first connect loads the client and routes grpc-js logs into the log, redacted', async () => {
  const grpc = await import('@grpc/grpc-js');
  const { log: grpcLog } = await import('@grpc/grpc-js/build/src/logging');
  const logger = new RecordingLogger();
  const engine = new LazyEngine(connectEngineLoader(logger, 'test/1'));
  try {
    grpcLog(grpc.logVerbosity.ERROR, 'before loading');
    assert.ok(!logger.lines.some((l) => l.includes('before loading')), 'nothing is routed before the first connect');
    // Port 1 on loopback: refused at once; what matters is that the engine was loaded.
    await assert.rejects(engine.connect({ host: '127.0.0.1', port: 1, useSsl: false, headers: {}, connectTimeoutMs: 2_000, retryPolicy: { maxAttempts: 1 } }));
    grpcLog(grpc.logVerbosity.ERROR, 'GOAWAY received; authorization: Bearer s3cr3t-value');
    const line = logger.lines.find((l) => l.includes('GOAWAY'));
    assert.ok(line, logger.lines.join('\n'));
    assert.match(line, /^warn grpc: /);
    assert.ok(!line.includes('s3cr3t-value'), line);
  } finally {
    grpc.setLogger(console);
  }
});
