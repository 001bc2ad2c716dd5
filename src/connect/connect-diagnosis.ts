// When the channel does not become ready, grpc-js only says "UNAVAILABLE" or nothing at all (a server
// that accepts TCP but never speaks HTTP/2 leaves the channel CONNECTING forever). To tell the user
// *what* is wrong, we retrace the steps ourselves with Node's own error codes: resolve the name, open a
// TCP connection, and do the TLS handshake (or check whether the server speaks TLS when we don't).
import { lookup } from 'node:dns/promises';
import { Socket, connect as netConnect } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type ConnectionOptions as TlsConnectOptions } from 'node:tls';
import type { ConnectFailure } from './errors';
import type { TlsMaterial } from './channel';

export interface Diagnosis {
  failure: ConnectFailure;
  /** One sentence: what happened. */
  message: string;
  /** What to do about it. */
  hint: string;
  /** Node's error code when there was one (ENOTFOUND, ECONNREFUSED, ERR_SSL_WRONG_VERSION_NUMBER ...). */
  code?: string;
  /** The TLS peer was reached but trust failed (untrusted or mismatched certificate, client cert refused). */
  trust?: boolean;
}

export interface DiagnoseTarget {
  host: string;
  port: number;
  tls: boolean;
  tlsMaterial?: TlsMaterial;
  serverName?: string;
  timeoutMs: number;
  /** The channel failed (rather than staying silent): a server that answers but not in gRPC. */
  channelFailed?: boolean;
}

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), ms); });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

function openTcp(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = netConnect({ host, port });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

const TLS_TRUST_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
]);

function tlsHandshake(socket: Socket, t: DiagnoseTarget, verify: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const opts: TlsConnectOptions = {
      socket,
      servername: isIp(t.serverName ?? t.host) ? undefined : (t.serverName ?? t.host),
      rejectUnauthorized: verify,
      ALPNProtocols: ['h2'],
      ca: t.tlsMaterial?.ca,
      cert: t.tlsMaterial?.cert,
      key: t.tlsMaterial?.key,
    };
    if (verify && t.serverName) {
      // Verify against the override name, as grpc-js does with grpc.ssl_target_name_override.
      opts.checkServerIdentity = (_host, cert) => checkServerIdentity(t.serverName ?? t.host, cert);
    }
    const s = tlsConnect(opts);
    let timer: NodeJS.Timeout | undefined;
    s.once('secureConnect', () => {
      // With TLS 1.3 the server checks our client certificate only after the handshake completed on
      // our side; its refusal arrives as an alert a moment later. Listen briefly for it.
      s.resume();
      timer = setTimeout(() => { s.destroy(); resolve(); }, verify ? 300 : 0);
    });
    s.once('error', (e) => { clearTimeout(timer); s.destroy(); reject(e); });
  });
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

/**
 * Finds out why a connection cannot be made. Returns 'timeout' when every step we can check works:
 * the server accepts connections (and TLS, if used) but does not answer gRPC.
 */
export async function diagnoseConnection(t: DiagnoseTarget): Promise<Diagnosis> {
  const where = `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
  let address = t.host;
  try {
    const r = await withTimeout(lookup(t.host), t.timeoutMs);
    if (r === 'timeout') {
      return { failure: 'dns', message: `Looking up the host name '${t.host}' did not finish in ${t.timeoutMs} ms.`, hint: 'Check the DNS settings or use an IP address.' };
    }
    address = r.address;
  } catch (err) {
    const code = errCode(err);
    return {
      failure: 'dns',
      code,
      message: `Cannot resolve host '${t.host}' (${code ?? 'lookup failed'}).`,
      hint: 'Check the host name in the connection string.',
    };
  }
  let socket: Socket;
  try {
    const r = await withTimeout(openTcp(address, t.port), t.timeoutMs);
    if (r === 'timeout') {
      return { failure: 'timeout', message: `No answer from ${where}: the TCP connection did not open within ${t.timeoutMs} ms.`, hint: 'A firewall may be dropping packets, or the host is down.' };
    }
    socket = r;
  } catch (err) {
    const code = errCode(err);
    if (code === 'ECONNREFUSED') {
      return { failure: 'refused', code, message: `Connection refused by ${where}: nothing is listening on port ${t.port}.`, hint: 'Check that the Spark Connect server is running and the port is right (default 15002).' };
    }
    if (code === 'ECONNRESET') {
      return { failure: 'reset', code, message: `${where} reset the connection.`, hint: 'Check the port and any proxy in between.' };
    }
    return { failure: 'network', code, message: `Cannot connect to ${where} (${code ?? String(err)}).`, hint: 'Check the network path to the server.' };
  }
  if (t.tls) {
    try {
      const r = await withTimeout(tlsHandshake(socket, t, true), t.timeoutMs);
      if (r === 'timeout') {
        socket.destroy();
        return { failure: 'timeout', message: `${where} accepted the connection but the TLS handshake did not finish within ${t.timeoutMs} ms.`, hint: 'Is the server really serving TLS on this port? Try without use_ssl.' };
      }
    } catch (err) {
      socket.destroy();
      return tlsDiagnosis(err, where);
    }
    return notGrpc(t, where, 'a TLS connection');
  }
  // Plaintext: a server that speaks TLS on this port would explain a silent failure.
  socket.destroy();
  const speaksTls = await probeTls(address, t);
  if (speaksTls) {
    return { failure: 'tls', message: `${where} expects TLS, but the client connected without it.`, hint: 'Add ;use_ssl=true to the connection string.' };
  }
  return notGrpc(t, where, 'the connection');
}

function notGrpc(t: DiagnoseTarget, where: string, what: string): Diagnosis {
  const hint = 'Check that this port is a Spark Connect server (default 15002) and not another service such as the Spark UI.';
  if (t.channelFailed) {
    return { failure: 'not-grpc', message: `${where} accepted ${what} but the gRPC handshake failed: it does not look like a Spark Connect server.`, hint };
  }
  return { failure: 'timeout', message: `${where} accepted ${what} but did not answer gRPC within the connect timeout.`, hint };
}

async function probeTls(address: string, t: DiagnoseTarget): Promise<boolean> {
  try {
    const s = await withTimeout(openTcp(address, t.port), t.timeoutMs);
    if (s === 'timeout') return false;
    const r = await withTimeout(tlsHandshake(s, t, false), Math.min(t.timeoutMs, 3_000));
    s.destroy();
    return r !== 'timeout';
  } catch {
    return false;
  }
}

function tlsDiagnosis(err: unknown, where: string): Diagnosis {
  const code = errCode(err);
  const text = err instanceof Error ? err.message : String(err);
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || code === 'ECONNRESET' || /wrong version number|packet length too long/i.test(text)) {
    return { failure: 'tls', code, message: `TLS handshake with ${where} failed: the server does not speak TLS on this port.`, hint: 'Remove use_ssl=true, or connect to the TLS port.' };
  }
  if (code !== undefined && TLS_TRUST_CODES.has(code)) {
    return { failure: 'tls', trust: true, code, message: `The certificate of ${where} is not trusted (${code}).`, hint: 'Configure the CA certificate that signed the server certificate.' };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return { failure: 'tls', trust: true, code, message: `The certificate of ${where} does not match the host name (${text}).`, hint: 'Connect with the name on the certificate, or set a server name override.' };
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return { failure: 'tls', trust: true, code, message: `The certificate of ${where} is not valid now (${code}).`, hint: 'Renew the server certificate or check the clock.' };
  }
  if (/certificate required|CERTIFICATE_REQUIRED|alert number 116|bad certificate|alert number 42|handshake failure/i.test(`${code ?? ''} ${text}`)) {
    return { failure: 'tls', trust: true, code, message: `${where} rejected the TLS handshake (${code ?? text}); it probably requires a client certificate.`, hint: 'Configure a client certificate and key (mutual TLS).' };
  }
  return { failure: 'tls', code, message: `TLS handshake with ${where} failed (${code ?? text}).`, hint: 'Check the TLS settings.' };
}
